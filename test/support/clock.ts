/**
 * Fakes only `Date`, at `now`: the mocks' promises, the SDK's timers and the engine's ticks run as
 * they do. For a test whose expected dates come from the clock (a run crossing UTC midnight between
 * the program and the assertion would see two days) or from the day a layout was recorded.
 */
export function freezeDate(now: Date | number): void {
    jest.useFakeTimers({ now, doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
}
