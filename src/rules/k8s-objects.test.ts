import { describe, expect, it } from 'vitest';
import { type ContainerView, containerDropsNetRaw } from './k8s-objects.js';

function container(securityContext: Record<string, unknown>): ContainerView {
  return { name: 'app', value: { name: 'app', securityContext }, pointer: '/spec/containers/0' };
}

const capabilities = (drop: string[], add: string[] = []) => container({ capabilities: { drop, add } });

describe('containerDropsNetRaw', () => {
  it('keeps the runtime default, which includes NET_RAW, when nothing is dropped', () => {
    expect(containerDropsNetRaw(container({}))).toBe(false);
    expect(containerDropsNetRaw(capabilities([], ['ALL']))).toBe(false);
    expect(containerDropsNetRaw(capabilities(['CHOWN']))).toBe(false);
  });

  it('reads names as the runtime does: any case, with or without CAP_', () => {
    expect(containerDropsNetRaw(capabilities(['all']))).toBe(true);
    expect(containerDropsNetRaw(capabilities(['cap_net_raw']))).toBe(true);
  });

  it('applies ALL first and the named capabilities after, named drops last', () => {
    expect(containerDropsNetRaw(capabilities(['ALL'], ['NET_RAW']))).toBe(false);
    expect(containerDropsNetRaw(capabilities(['ALL'], ['ALL']))).toBe(true);
    expect(containerDropsNetRaw(capabilities(['NET_RAW'], ['ALL']))).toBe(true);
    expect(containerDropsNetRaw(capabilities(['NET_RAW'], ['NET_RAW']))).toBe(true);
    expect(containerDropsNetRaw(capabilities(['ALL'], ['NET_BIND_SERVICE']))).toBe(true);
  });

  it('never counts a privileged container as dropping it', () => {
    expect(containerDropsNetRaw(container({ privileged: true, capabilities: { drop: ['ALL'] } }))).toBe(
      false,
    );
  });
});
