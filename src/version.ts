/** The package version, printed by `aksguard --version` and written into reports. */
export const VERSION = '0.1.0';
