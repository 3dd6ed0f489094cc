export { swappable, type Swappable, type SwappableOptions, type Implementation, type RetiredVersion } from './swappable.ts';
export { compileWithSlots, attachSlots, type SlotSpec, type SlotField, type SlotValues, type SlottedFunction } from './slots.ts';
export { once, type OnceFunction, type OnceOptions } from './once.ts';
export { bind, bindAs, type BindOptions, type BoundFunction } from './bind.ts';
export { callback, type JsCallback } from '../call/index.ts';
export { breakpoint, installedTrapHandler, type Breakpoint } from './breakpoint.ts';
export { probe, type Probe, type ProbeTarget, type RegisterState, type A64RegisterState, type AnyRegisterState } from './probe.ts';
