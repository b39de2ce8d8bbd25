/** Small helpers the browser scripts share. */

export function element<T extends HTMLElement = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the page has no ${selector}`);
  return found;
}

/** Says something to everyone, screen-reader users included (the element is a live region). */
export function say(selector: string, text: string) {
  element(selector).textContent = text;
}

/** Lets the browser paint a status message before a long computation. */
export const repaint = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Offers bytes or text as a file to download, without sending it anywhere. */
export function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
