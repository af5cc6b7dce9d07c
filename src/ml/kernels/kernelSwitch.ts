/**
 * Installs our replacements for WASM kernels and takes them out again, keeping whatever was registered before
 * (the shipped kernel, or nothing where tfjs-wasm lacks one) as the fallback our kernels call for inputs they
 * do not handle. Shared by the kernel modules beside this one, which each used to carry a copy of it.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs';

const BACKEND = 'wasm';

export interface KernelSwitch {
  /** Installs (or removes) the replacements; returns whether they are installed. */
  set(enabled: boolean): boolean;
  /** What was registered under `name` before ours (null: nothing, or not installed yet). */
  previous(name: string): KernelConfig | null;
}

/**
 * A switch for `replacements` (kernel name → our function). Installing is a no-op while `presentKernel` is not
 * registered on WASM (its package not imported), since registering ours first would be overwritten by it.
 */
export function createKernelSwitch(presentKernel: string, replacements: Readonly<Record<string, KernelFunc>>): KernelSwitch {
  const previous = new Map<string, KernelConfig | null>();
  let installed = false;
  return {
    set(enabled) {
      if (enabled === installed || !getKernel(presentKernel, BACKEND)) return installed;
      for (const [name, kernelFunc] of Object.entries(replacements)) {
        if (enabled) {
          const before = getKernel(name, BACKEND) ?? null;
          previous.set(name, before);
          if (before) unregisterKernel(name, BACKEND);
          // Keep a previous kernel's setup so it still works as the fallback if the backend starts later.
          registerKernel({ ...before, kernelName: name, backendName: BACKEND, kernelFunc });
        } else {
          unregisterKernel(name, BACKEND);
          const before = previous.get(name);
          if (before) registerKernel(before);
        }
      }
      installed = enabled;
      return installed;
    },
    previous: (name) => previous.get(name) ?? null,
  };
}
