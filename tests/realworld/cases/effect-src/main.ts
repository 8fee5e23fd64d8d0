// Drives effect 3.12.0's own TypeScript source (src/, 360 modules shipped in its tarball): `.js` specifiers naming
// `.ts` files, `declare namespace` merged with values, generators, fibers and Schema; fast-check by bare name from a
// node_modules on disk (through its FastCheck module).
import { Cause, Chunk, Data, Duration, Effect, Either, Exit, HashMap, Layer, Context, Option, pipe, Schema, Stream } from "./effect/index.js";
import report from "./report.cjs";

const { show, frame } = report as { show: (l: string, v: unknown) => void; frame: (e: unknown, n: string) => string };

class NotFound extends Data.TaggedError("NotFound")<{ id: number }> {}
class Db extends Context.Tag("Db")<Db, { readonly find: (id: number) => Effect.Effect<string, NotFound> }>() {}
const DbLive = Layer.succeed(Db, { find: (id) => (id < 3 ? Effect.succeed(`user${id}`) : Effect.fail(new NotFound({ id }))) });

const program = Effect.gen(function* () {
  const db = yield* Db;
  const users = yield* Effect.forEach([1, 2], (id) => db.find(id), { concurrency: 2 });
  const missing = yield* Effect.either(db.find(7));
  return { users, missing: Either.isLeft(missing) ? missing.left._tag : "none" };
});
show("gen + layer", await Effect.runPromise(Effect.provide(program, DbLive)));
const exit = Effect.runSyncExit(Effect.fail("boom").pipe(Effect.zipRight(Effect.succeed(1))));
show("exit", [Exit.isFailure(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause).split("\n")[0] : null]);
show("option/either", [Option.getOrElse(Option.none(), () => 5), Either.match(Either.right(2), { onLeft: () => 0, onRight: (n) => n * 10 })]);
show("chunk/hashmap", [Chunk.toReadonlyArray(Chunk.map(Chunk.make(1, 2, 3), (n) => n * 2)), HashMap.size(HashMap.make(["a", 1], ["b", 2]))]);
show("duration", [Duration.format(Duration.millis(90061001)), Duration.toMillis("2 seconds")]);
show("stream", await Effect.runPromise(Stream.runCollect(Stream.range(1, 5).pipe(Stream.filter((n) => n % 2 === 1))).pipe(Effect.map(Chunk.toArray))));
show("pipe", pipe(3, (n) => n + 1, (n) => n * 2));

const Person = Schema.Struct({ name: Schema.NonEmptyString, age: Schema.Number.pipe(Schema.int(), Schema.between(0, 150)), tags: Schema.Array(Schema.String) });
show("schema ok", Schema.decodeUnknownSync(Person)({ name: "px", age: 3, tags: ["a"] }));
const bad = Schema.decodeUnknownEither(Person)({ name: "", age: 3.5, tags: [1] }, { errors: "all" });
show("schema errors", Either.isLeft(bad) ? bad.left.message.split("\n").slice(0, 4) : null);
show("json schema", Object.keys((await import("./effect/JSONSchema.js")).make(Person)));
try {
  Effect.runSync(Effect.die(new TypeError("defect")));
} catch (error) {
  show("runSync defect", [(error as Error).name, (error as Error).message.split("\n")[0], frame(error, "main.ts")]);
}
try {
  Schema.decodeUnknownSync(Schema.Number)("x");
} catch (error) {
  show("parse error", [(error as Error).name, frame(error, "effect/")]);
}
const fc = await import("./effect/FastCheck.js");
show("fast-check", fc.sample(fc.constant(7), { numRuns: 3, seed: 1 }));
console.log("done");
