/** An email's wording, as a template writes it: the subject and the plain text. */
export interface MessageText {
  subject: string;
  text: string;
}
