// The review console: sign in, the queue, one verification under review, the decision.
import { Api } from "./api.js";
import { Queue } from "./queue.js";
import { Review } from "./review.js";
import { claimsOf, currentToken, developmentSignIn, finishCognitoSignIn, isAdmin, signOut, startCognitoSignIn } from "./session.js";

const $ = (id) => document.getElementById(id);

async function start() {
  const config = await (await fetch("config.json", { cache: "no-store" })).json();
  const params = new URLSearchParams(location.search);
  if (config.cognito && params.has("code")) {
    try {
      await finishCognitoSignIn(config.cognito, params);
    } catch (error) {
      return showSignIn(config, error.message);
    }
  }
  const token = currentToken();
  if (!token) return showSignIn(config, "");
  if (!isAdmin(token, config.adminGroup)) {
    signOut();
    return showSignIn(config, "That account is not a reviewer: the console is for admins.");
  }
  showWorkspace(config, token);
}

function showSignIn(config, message) {
  $("workspace").hidden = true;
  $("who").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-message").textContent = message ||
    (config.signIn === "none" ? "Sign-in is not configured for this deployment (see the README)." : "");
  const dev = $("dev-sign-in");
  dev.hidden = config.signIn !== "development";
  dev.onclick = async () => {
    try {
      await developmentSignIn();
      location.reload(); // a fresh page builds the workspace once
    } catch (error) {
      $("sign-in-message").textContent = error.message;
    }
  };
  const cognito = $("cognito-sign-in");
  cognito.hidden = config.signIn !== "cognito";
  cognito.onclick = () => startCognitoSignIn(config.cognito);
}

function showWorkspace(config, token) {
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  $("who").hidden = false;
  const claims = claimsOf(token);
  $("who-name").textContent = claims.email || claims.username || claims.sub;
  $("sign-out").onclick = () => {
    signOut();
    location.reload();
  };
  const api = new Api(config.apiBase, () => currentToken() ?? "", claims.sub, () => {
    signOut();
    location.reload();
  });
  const review = new Review(api, config, (id, status) => queue.decided(id, status));
  const queue = new Queue(api, config, (id) => review.show(id));
  document.addEventListener("keydown", (event) => shortcut(event, queue, review));
  queue.load(1).then(() => performance.mark("queue-rendered"));
}

function shortcut(event, queue, review) {
  if (event.ctrlKey || event.metaKey || event.altKey || $("workspace").hidden) return;
  if (event.target.closest("input, textarea, select")) return;
  const action = { j: () => queue.next(), k: () => queue.previous(), a: () => review.decide(true), r: () => review.decide(false) }[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}

start();
