"use client";
// The explorer runs in the browser only: it holds an MQTT connection, reads localStorage and
// keeps its messages in memory. Loaded without server rendering, so none of that runs on the server.
import dynamic from "next/dynamic";
import { Loading } from "@/components/ui/states.tsx";

export const ExplorerIsland = dynamic(() => import("./explorer.tsx").then((module) => module.Explorer), { ssr: false, loading: () => <Loading label="Loading the explorer…" /> });
