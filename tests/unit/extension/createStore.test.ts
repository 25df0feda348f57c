import { createStore } from '../../../extension/src/state/createStore';

test('notifies subscribers on set, merges patches, and stops after unsubscribe', () => {
  const store = createStore({ a: 1, b: 'x' });
  const seen: number[] = [];
  const stop = store.subscribe(() => seen.push(store.get().a));
  store.set({ a: 2 });
  store.set(s => ({ a: s.a + 10 }));
  expect(store.get()).toEqual({ a: 12, b: 'x' });
  expect(store.listenerCount()).toBe(1);
  stop();
  store.set({ a: 99 });
  expect(seen).toEqual([2, 12]);
  expect(store.listenerCount()).toBe(0);
});

test('each set yields a new state object, so useSyncExternalStore sees the change', () => {
  const store = createStore({ n: 0 });
  const first = store.get();
  store.set({ n: 0 });
  expect(store.get()).not.toBe(first);
});
