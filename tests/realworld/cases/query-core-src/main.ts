// Drives TanStack Query's own TypeScript source (src/, copied from the npm tarball): extensionless imports throughout.

import fixtures from "./fixtures.json" with { type: "json" };
import {
  dehydrate,
  hashKey,
  hydrate,
  isCancelledError,
  keepPreviousData,
  MutationObserver,
  matchQuery,
  notifyManager,
  onlineManager,
  QueryClient,
  QueryObserver,
  replaceEqualDeep,
  skipToken,
} from "./src";

const show = (label: string, value: unknown) => console.log(`${label}: ${JSON.stringify(value)}`);
notifyManager.setScheduler((callback) => callback());

const client = new QueryClient({ defaultOptions: { queries: { gcTime: Number.POSITIVE_INFINITY, retry: false } } });
client.mount();
show("hashKey", hashKey(["todos", { page: 1, tags: ["b", "a"] }]));
show("matchQuery", matchQuery({ queryKey: ["todos"] }, client.getQueryCache().build(client, { queryKey: ["todos", 1] })));

const todos = await client.fetchQuery({ queryKey: ["todos"], queryFn: async () => fixtures.todos });
show("fetchQuery", todos);
show("cached", client.getQueryData(["todos"]) === todos);
client.setQueryData(["todos"], (old: typeof todos | undefined) => [...(old ?? []), { id: 3, title: "compare", done: false }]);
show("setQueryData", client.getQueryData(["todos"]));
show("state", client.getQueryState(["todos"])?.status);

const seen: string[] = [];
const observer = new QueryObserver(client, { queryKey: ["user", 7], queryFn: async () => ({ id: 7, name: fixtures.user }), placeholderData: keepPreviousData });
const unsubscribe = observer.subscribe((result) => seen.push(`${result.status}/${result.fetchStatus}`));
await observer.refetch();
unsubscribe();
show("observer", seen);
show("observer data", observer.getCurrentResult().data);

const failing = await client.fetchQuery({ queryKey: ["fails"], queryFn: async () => Promise.reject(new Error("nope")) }).catch((error: Error) => error.message);
show("rejected", failing);
show("skipToken", typeof skipToken);

const infinite = await client.fetchInfiniteQuery({
  queryKey: ["pages"],
  queryFn: async ({ pageParam }) => ({ items: [pageParam * 10, pageParam * 10 + 1], next: pageParam < 2 ? pageParam + 1 : undefined }),
  initialPageParam: 0,
  getNextPageParam: (last) => last.next,
  pages: 3,
});
show("infinite", infinite.pages);
show("pageParams", infinite.pageParams);

const mutation = new MutationObserver(client, {
  mutationFn: async (title: string) => ({ id: 4, title }),
  onSuccess: (data) => client.setQueryData(["todo", data.id], data),
});
show("mutate", await mutation.mutate("from pixels"));
show("mutation status", mutation.getCurrentResult().status);
show("mutated cache", client.getQueryData(["todo", 4]));

const snapshot = dehydrate(client);
show("dehydrated keys", snapshot.queries.map((q) => q.queryHash).sort());
const other = new QueryClient();
hydrate(other, JSON.parse(JSON.stringify(snapshot)));
show("hydrated", other.getQueryData(["todos"]));
const left = { a: [1, 2], b: { c: 1 } };
const merged = replaceEqualDeep(left, { a: [1, 2], b: { c: 2 } });
show("structural sharing", [merged.a === left.a, merged.b === left.b]);
show("online", onlineManager.isOnline());
show("isCancelledError", isCancelledError(new Error("x")));
await client.cancelQueries();
client.unmount();
client.clear();
other.clear();
console.log("done");
