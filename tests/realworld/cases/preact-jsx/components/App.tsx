/** @jsxImportSource preact */
import type { ComponentChildren } from "preact";
import { Fragment } from "preact";
import { useMemo, useState } from "preact/hooks";
import { Item, type ItemProps } from "./Item.jsx";

function Layout({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main class="app">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function App({ title, items }: { title: string; items: ItemProps[] }) {
  const [filter] = useState("");
  const visible = useMemo(() => items.filter((item) => item.name.includes(filter)), [items, filter]);
  return (
    <Layout title={title}>
      <ul>
        {visible.map((item) => (
          <Item key={item.name} {...item} />
        ))}
      </ul>
      <>
        <Fragment>
          <footer dangerouslySetInnerHTML={{ __html: "&copy; pixels" }} />
        </Fragment>
      </>
    </Layout>
  );
}
