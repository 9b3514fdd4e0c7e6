// Cluster definitions (az JSON, ARM, Terraform) → the normalized Cluster model.
export {};
