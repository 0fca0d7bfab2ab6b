// Claims page: show only the claims of the chosen type and actor. Without JavaScript every
// claim is listed; the choice is kept in the address (?type=&actor=) so it can be shared.
const form = document.querySelector(".claim-filters");
const type = form.querySelector("#claim-type");
const actor = form.querySelector("#claim-actor");
const count = form.querySelector(".claim-count");
const params = new URLSearchParams(location.search);
type.value = params.get("type") || "";
actor.value = params.get("actor") || "";

function apply() {
  let shown = 0;
  for (const group of document.querySelectorAll(".claim-group")) {
    let inGroup = 0;
    for (const li of group.querySelectorAll("li[data-type]")) {
      const ok = (!type.value || li.dataset.type === type.value) &&
        (!actor.value || li.dataset.actors.split(" ").includes(actor.value));
      li.hidden = !ok;
      inGroup += ok;
    }
    group.hidden = inGroup === 0;
    shown += inGroup;
  }
  count.textContent = `${shown} claim${shown === 1 ? "" : "s"} shown.`;
  const url = new URL(location.href);
  url.search = "";
  if (type.value) url.searchParams.set("type", type.value);
  if (actor.value) url.searchParams.set("actor", actor.value);
  history.replaceState(null, "", url);
}

form.addEventListener("change", apply);
form.addEventListener("submit", (event) => event.preventDefault());
apply();
