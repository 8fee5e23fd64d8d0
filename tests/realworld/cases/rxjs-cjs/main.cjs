// Drives rxjs 7.8.1's CommonJS build (copied in as rxjs/; dist/cjs, ~500 modules, `"use strict"` + `exports.x = …`
// + `Object.defineProperty` re-exports), whose modules require tslib by bare name from the node_modules beside the project.
const rx = require("./rxjs/dist/cjs/index.js");
const ops = require("./rxjs/dist/cjs/operators/index.js");
const { map: mapDirect } = require("./rxjs/dist/cjs/internal/operators/map");
const { readFileSync } = require("node:fs");
const path = require("node:path");

const { show, frame } = require("./report.cjs");
const collect = (observable) => {
  const seen = [];
  observable.subscribe({ next: (v) => seen.push(v), error: (e) => seen.push(`error ${e.message}`), complete: () => seen.push("complete") });
  return seen;
};
const { of, from, range, Subject, BehaviorSubject, ReplaySubject, merge, concat, zip, combineLatest, throwError, EMPTY, defer, firstValueFrom, lastValueFrom } = rx;
const { map, filter, scan, reduce, take, takeWhile, mergeMap, switchMap, concatMap, catchError, retry, distinctUntilChanged, pairwise, bufferCount, startWith, tap, toArray, groupBy, share, finalize } = ops;

show("same map", [ops.map === rx.map, mapDirect === rx.map]);
show("tslib shared", require.resolve("tslib").split(path.sep).slice(-2));
show("pipe", collect(range(1, 10).pipe(filter((n) => n % 2), map((n) => n * n), scan((a, n) => a + n, 0))));
show("reduce", collect(from([3, 1, 2]).pipe(reduce((a, b) => a * 10 + b))));
show("mergeMap", collect(of("a", "b").pipe(mergeMap((x) => range(1, 2).pipe(map((n) => x + n))))));
show("switch/concat", [collect(of(1, 2).pipe(switchMap((n) => of(n, n * 10)))), collect(of(1, 2).pipe(concatMap((n) => of(-n))))]);
show("combine", [collect(zip(of(1, 2, 3), of("a", "b"))), collect(combineLatest([of(1, 2), of("x")])), collect(merge(of(1), of(2))), collect(concat(of(1), EMPTY, of(2)))]);
show("distinct/pairwise/buffer", collect(from([1, 1, 2, 2, 3, 4, 5]).pipe(distinctUntilChanged(), pairwise(), bufferCount(2), toArray())));
show("groupBy", collect(range(1, 6).pipe(groupBy((n) => n % 3), mergeMap((g) => g.pipe(toArray(), map((xs) => `${g.key}:${xs}`))))));
let attempts = 0;
show("retry/catch", collect(defer(() => (++attempts < 3 ? throwError(() => new Error(`try ${attempts}`)) : of("ok"))).pipe(retry(5))));
show("catchError", collect(throwError(() => new RangeError("bad")).pipe(catchError((e) => of(`caught ${e.name}`)))));
const subject = new Subject();
const shared = subject.pipe(startWith(0), share());
const a = collect(shared);
subject.next(1);
const b = collect(shared);
subject.next(2);
subject.complete();
show("subject/share", [a, b]);
const behaviour = new BehaviorSubject("first");
behaviour.next("second");
const replay = new ReplaySubject(2);
[1, 2, 3].forEach((n) => replay.next(n));
show("behaviour/replay", [behaviour.getValue(), collect(replay.pipe(take(2)))]);
const log = [];
collect(of(1).pipe(tap((v) => log.push(`tap ${v}`)), finalize(() => log.push("finalize"))));
show("tap/finalize", log);
try {
  rx.from(42);
} catch (error) {
  // innerFrom's frame, not the first rxjs one: plain Bun drops the frame of the strict-mode function that made the error
  // (createInvalidObservableTypeError; oven-sh/bun#24789), Bun's ready JavaScript keeps it, as Node does (docs/adapters.md).
  show("error", [error.name, error.message.slice(0, 60), frame(error, "innerFrom")]);
}
show("errors", [new rx.EmptyError().message, new rx.ArgumentOutOfRangeError().name, rx.config.useDeprecatedSynchronousErrorHandling]);
show("unsubscribed error", (() => {
  const s = new Subject();
  s.unsubscribe();
  try {
    s.next(1);
  } catch (error) {
    return [error.name, error.message];
  }
})());
show("pkg", JSON.parse(readFileSync(path.join(__dirname, "rxjs", "package.json"), "utf8")).version);
Promise.all([firstValueFrom(of(7, 8)), lastValueFrom(range(1, 3)), lastValueFrom(EMPTY).catch((e) => e.message), import("node:path").then((m) => m.sep === path.sep)]).then((values) => {
  show("promises", values);
  console.log("done");
});
