// The admin's token: in sessionStorage (gone with the tab), never localStorage.
import { authorizeUrl, challengeFor, randomVerifier, tokenRequestBody } from "./pkce.js";

const TOKEN = "kyc-console.token";
const PKCE = "kyc-console.pkce";

/** The claims of a JWT, unverified: for display and expiry only; the API checks the token. */
export function claimsOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")));
  } catch {
    return null;
  }
}

export function currentToken() {
  const token = sessionStorage.getItem(TOKEN);
  const claims = token && claimsOf(token);
  if (!claims || (claims.exp && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(TOKEN);
    return null;
  }
  return token;
}

export function isAdmin(token, adminGroup) {
  const groups = claimsOf(token)?.["cognito:groups"];
  return Array.isArray(groups) ? groups.includes(adminGroup) : groups === adminGroup;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

/** kyc-local's development sign-in (only kyc-local answers it). */
export async function developmentSignIn() {
  const response = await fetch(new URL("dev-sign-in", document.baseURI), { method: "POST" });
  if (!response.ok) throw new Error(`development sign-in failed (${response.status})`);
  const { token } = await response.json();
  sessionStorage.setItem(TOKEN, token);
}

/** The page's own address, registered as the app client's callback URL. */
export function redirectUri() {
  return new URL("index.html", document.baseURI).toString();
}

export async function startCognitoSignIn(cognito) {
  const verifier = randomVerifier();
  const state = randomVerifier();
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl({
    domain: cognito.domain, clientId: cognito.clientId, redirectUri: redirectUri(), scopes: cognito.scopes,
    challenge: await challengeFor(verifier), state,
  }));
}

/** Back from the hosted UI with `?code=…&state=…`: trade the code for tokens. */
export async function finishCognitoSignIn(cognito, params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE) || "null");
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, "", redirectUri());
  if (!saved || saved.state !== params.get("state")) throw new Error("sign-in answer does not match this tab");
  const response = await fetch(new URL("/oauth2/token", cognito.domain), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: tokenRequestBody({ clientId: cognito.clientId, redirectUri: redirectUri(), code: params.get("code"), verifier: saved.verifier }),
  });
  if (!response.ok) throw new Error(`token exchange failed (${response.status})`);
  const tokens = await response.json();
  // The access token carries cognito:groups and the client id the API's authorizer checks.
  sessionStorage.setItem(TOKEN, tokens.access_token || tokens.id_token);
}
