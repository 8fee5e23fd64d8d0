/**
 * The guard's rollback check (core's release.ts, in Deno's own APIs): a map made under a trust key
 * carries its manifest's release, and a reused map is refused when that release is below
 * PXOS_TRUST_MIN_RELEASE or below the one PXOS_TRUST_STATE records, as every other adapter refuses it.
 * Without permission to read those two variables it cannot tell whether a minimum is set, and says so.
 */
import { ENVIRONMENT, TEMP_SUFFIX } from "@pxos/core/runtime";

export function releaseSource(release: number, manifestPath: string): string {
  const j = JSON.stringify;
  const { trustMinRelease: MIN, trustState: STATE } = ENVIRONMENT;
  const names = `${MIN},${STATE}`;
  return `{
  const release = ${release};
  const env = (variable) => (Deno.permissions.querySync({ name: "env", variable }).state === "granted" ? Deno.env.get(variable) || undefined : null);
  const min = env(${j(MIN)});
  const state = env(${j(STATE)});
  const refuse = (why) => {
    console.error(${j(`pxos: ${manifestPath}: `)} + why);
    Deno.exit(1);
  };
  const number = (text, what) => (/^\\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : refuse(what + " holds no release number [IO]"));
  if (min === null || state === null) console.error(${j(`pxos: cannot check the signed release against PXOS_TRUST_MIN_RELEASE or PXOS_TRUST_STATE without --allow-env=${names}`)});
  let floor = min ? number(min, "PXOS_TRUST_MIN_RELEASE") : 0;
  let recorded = 0;
  if (state) {
    try { recorded = number(Deno.readTextFileSync(state), state); } catch (err) { if (!(err instanceof Deno.errors.NotFound)) refuse("cannot read the release state " + state + " [IO]"); }
  }
  if (release < Math.max(floor, recorded))
    refuse("signed release " + release + " is older than release " + Math.max(floor, recorded) + (recorded > floor ? ", the highest release seen, recorded in " + state : ", the minimum release pinned (PXOS_TRUST_MIN_RELEASE)") + ": an older signed manifest replayed is refused [ROLLBACK]");
  if (state && release > recorded) {
    const temp = state + "." + Deno.pid + ${j(TEMP_SUFFIX)};
    Deno.writeTextFileSync(temp, release + "\\n");
    Deno.renameSync(temp, state);
  }
}
`;
}
