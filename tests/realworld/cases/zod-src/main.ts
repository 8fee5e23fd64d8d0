// Drives Zod 4's own TypeScript source (src/v4, copied from the npm tarball): `.js` specifiers that name `.ts` files.
import * as z from "./zod/v4/classic/index.js";
import fixtures from "./fixtures.json" with { type: "json" };

const show = (label: string, value: unknown) => console.log(`${label}: ${JSON.stringify(value)}`);

const User = z.object({
  id: z.number().int().positive(),
  name: z.string().min(2).max(40),
  email: z.email(),
  role: z.enum(["admin", "member"]).default("member"),
  tags: z.array(z.string().trim().toLowerCase()).max(3),
  joined: z.iso.date(),
  website: z.url().optional(),
});
type User = z.infer<typeof User>;

for (const input of fixtures.users) {
  const result = User.safeParse(input);
  show("parse", result.success ? result.data : z.treeifyError(result.error));
}
show("flatten", z.flattenError(User.safeParse(fixtures.users[1]).error!));
show("prettify", z.prettifyError(User.safeParse(fixtures.users[1]).error!).split("\n"));

const Shape = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("circle"), r: z.number() }),
  z.object({ kind: z.literal("rect"), w: z.number(), h: z.number() }),
]);
const area = Shape.transform((s) => (s.kind === "circle" ? Math.round(Math.PI * s.r * s.r) : s.w * s.h));
show("discriminated", [area.parse({ kind: "circle", r: 2 }), area.parse({ kind: "rect", w: 3, h: 4 })]);
show("coerce", [z.coerce.number().parse("42"), z.coerce.boolean().parse(""), z.coerce.bigint().parse("7").toString()]);
show("refine", z.string().refine((s) => s.startsWith("px"), "must start with px").safeParse("nope").error?.issues);
show("record", z.record(z.string(), z.number()).parse({ a: 1, b: 2 }));
show("tuple", z.tuple([z.string(), z.number()]).rest(z.boolean()).parse(["a", 1, true, false]));
show("pipe", z.string().transform(Number).pipe(z.number().min(10)).safeParse("5").success);
show("partial pick", User.partial().pick({ name: true, role: true }).parse({ name: "Ab" }));
const Tree: z.ZodType<{ value: number; children: unknown[] }> = z.lazy(() => z.object({ value: z.number(), children: z.array(Tree) }));
show("recursive", Tree.safeParse({ value: 1, children: [{ value: 2, children: [] }] }).success);
show("json schema", z.toJSONSchema(User.omit({ joined: true })));
show("async", await z.string().refine(async (s) => s.length > 3).safeParseAsync("ok"));
z.config(z.locales.de());
show("german", z.number().safeParse("x").error?.issues[0]?.message);
z.config(z.locales.en());
show("metadata", z.string().meta({ title: "Name" }).meta());
const user: User = User.parse(fixtures.users[0]);
show("typed", user.role);
console.log("done");
