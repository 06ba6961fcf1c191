// Reference form: as soon as a DOI is typed or pasted, ask the admin whether another
// reference has it, and show the answer on the DOI field with a link to that one.
(() => {
  const setUp = (input) => {
    const field = input.closest("[data-field]");
    const errors = field && field.querySelector("[data-field-errors]");
    if (!errors) return;
    const message = document.createElement("p");
    message.className = "error-message";
    message.hidden = true;
    errors.append(message);

    const check = async () => {
      const doi = input.value.trim();
      message.hidden = true;
      message.replaceChildren();
      if (!doi) return;
      const url = new URL(input.dataset.referenceDuplicateUrl, window.location.href);
      url.searchParams.set("doi", doi);
      url.searchParams.set("exclude", input.dataset.referenceId || "");
      let answer;
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        answer = await response.json();
      } catch {
        return; // the form's own check still runs when it is saved
      }
      if (!answer.duplicate || input.value.trim() !== doi) return;
      const link = document.createElement("a");
      link.href = answer.duplicate.edit_url;
      link.target = "_blank";
      link.textContent = answer.duplicate.label;
      message.append(
        "A reference with this DOI already exists; choose it instead. ",
        link,
      );
      message.hidden = false;
      field.classList.add("w-field--error");
    };
    input.addEventListener("change", check);
    input.addEventListener("paste", () => setTimeout(check, 0));
  };

  const scan = (root) =>
    root
      .querySelectorAll("input[data-reference-duplicate-url]:not([data-duplicate-ready])")
      .forEach((input) => {
        input.dataset.duplicateReady = "true";
        setUp(input);
      });
  // The chooser's creation form arrives later, inside a modal.
  document.addEventListener("DOMContentLoaded", () => scan(document));
  new MutationObserver(() => scan(document)).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
