/** Text for one cell of a Markdown table: pipes escaped, line breaks as spaces. */
export const markdownCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
