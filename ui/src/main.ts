import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import "./tasks/tasks.css";
import { markStartup } from "./lib/startupMarks";

// Every module above has run: what the first screen waits for before it mounts.
markStartup("script_evaluated");

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
export default mount(App, { target });
