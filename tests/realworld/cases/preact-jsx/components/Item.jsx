/** @jsxImportSource preact */
import { slugify } from "../lib/slug.js";

/** @typedef {{ name: string, done: boolean }} ItemProps */
export function Item({ name, done }) {
  return (
    <li id={slugify(name)} class={done ? "done" : undefined} data-done={done} style={{ opacity: done ? 0.5 : 1 }}>
      {done ? <s>{name}</s> : name} {"<escaped>"}
    </li>
  );
}
