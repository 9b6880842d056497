// The API from the console: same origin, bearer token, the spec's Errors envelope on failure.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.errors?.[0]?.message || body?.message || `request failed (${status})`);
    this.status = status;
    this.body = body;
  }
}

export class Api {
  constructor(base, token, user, onUnauthorized) {
    this.base = base;
    this.token = token;
    this.user = user;
    this.onUnauthorized = onUnauthorized;
  }

  get(path, query = {}) {
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ""));
    return this.send("GET", search.size ? `${path}?${search}` : path);
  }

  // `ifMatch`: the ETag of the record as read, so a write on data changed since is refused (412).
  put(path, body, ifMatch) {
    return this.send("PUT", path, body, ifMatch ? { "if-match": ifMatch } : {});
  }

  async send(method, path, body, extra = {}) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      // The spec's x-current-user-id header names the caller; it must equal the token's subject.
      headers: { authorization: `Bearer ${this.token()}`, "x-current-user-id": this.user, ...(body ? { "content-type": "application/json" } : {}), ...extra },
      body: body ? JSON.stringify(body) : undefined,
      cache: "no-store",
    });
    const payload = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw new ApiError(response.status, payload);
    return payload;
  }
}
