/* When the server refuses a page's request because the session has ended (401: signed out,
   timed out, or the account was removed or changed meanwhile) or the role is missing (403),
   say so on the page. Without this, Dash drops the refusal silently: an editor whose session
   ended while typing a review pressed "Record review" and nothing happened, with nothing to say
   the review was not written (webapp/auth.py refuses; this only tells the person).

   The message says nothing was written, that what they typed is still on this page, and links
   to the sign-in page in a new tab, so the form stays as it is and can be sent again once
   signed in. It goes once a later request is answered. */
(function () {
  "use strict";
  if (!window.fetch) { return; }
  const ID = "session-ended";
  const real = window.fetch.bind(window);

  function words(status, text) {
    if (status === 401) {
      return "Your session has ended (you were signed out, it timed out, or your account was " +
        "changed), so that was not done and nothing was written. What you typed is still " +
        "on this page: sign in again, then come back to this tab and press the button again.";
    }
    const said = (text || "").trim().slice(0, 300) || "Refused by the server.";
    return said + " Nothing was written. What you typed is still on this page.";
  }

  function show(status, text) {
    let box = document.getElementById(ID);
    if (!box) {
      box = document.createElement("div");
      box.id = ID;
      box.className = "session-ended";
      box.setAttribute("role", "alert");
      const s = box.style;
      s.position = "fixed"; s.top = "0"; s.left = "0"; s.right = "0"; s.zIndex = "10000";
      s.padding = "0.75em 1em"; s.background = "#fff4f4"; s.color = "#1a1a1a";
      s.borderBottom = "4px solid #d4351c"; s.fontSize = "1rem";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const p = document.createElement("p");
    p.style.margin = "0 0 0.4em 0";
    p.textContent = words(status, text);
    box.appendChild(p);
    if (status === 401) {
      const a = document.createElement("a");
      a.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = "Sign in again (opens a new tab)";
      box.appendChild(a);
      box.appendChild(document.createTextNode(" "));
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close this message";
    close.style.marginLeft = "1em";
    close.addEventListener("click", () => box.remove());
    box.appendChild(close);
  }

  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : (input && input.url) || "";
    const answer = real(input, init);
    if (url.indexOf("_dash-update-component") === -1) { return answer; }
    return answer.then((resp) => {
      if (resp.status === 401 || resp.status === 403) {
        resp.clone().text().then((t) => show(resp.status, t), () => show(resp.status, ""));
      } else if (resp.ok) {
        const box = document.getElementById(ID);
        if (box) { box.remove(); }
      }
      return resp;
    });
  };
})();
