/**
 * The React island: OHIF renders our panel component with *its* React; we answer with a bare <div>
 * whose stable ref callback mounts *our* React 18 tree into it. Two React copies never share hooks,
 * and a host re-render does not remount us because the ref callback is the same function.
 */
import React from 'react';
import { createRoot, type Root } from 'react-dom/client';

export function makeIsland(render: () => React.ReactNode, className = 'pima-ipn-island'): () => React.ReactElement {
  let root: Root | null = null;
  let mountedOn: HTMLElement | null = null;

  const ref = (node: HTMLDivElement | null) => {
    if (node && node !== mountedOn) {
      const previous = root;
      if (previous) queueMicrotask(() => previous.unmount());
      mountedOn = node;
      root = createRoot(node);
      root.render(render());
    } else if (!node && root) {
      // Unmounting synchronously inside the host's commit phase triggers a React warning.
      const closing = root;
      root = null;
      mountedOn = null;
      queueMicrotask(() => closing.unmount());
    }
  };

  // Elements from our React and the host's React 18 share the same $$typeof symbol.
  return function PimaIpnIsland() {
    return React.createElement('div', { ref, className, 'data-testid': 'pima-ipn-island' });
  };
}
