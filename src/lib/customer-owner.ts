/**
 * Whose saved invoice choice a request may read or write: the customer who owns the cart or order, and only
 * when the request is authenticated as that customer. A guest cart carries a registered customer's id when
 * its e-mail is theirs (Medusa links it), so the id alone proves nothing: the session must be theirs.
 */
export function authenticatedOwner(
  ownerCustomerId: string | null | undefined,
  authenticatedCustomerId: string | null | undefined
): string | null {
  return ownerCustomerId && authenticatedCustomerId === ownerCustomerId ? ownerCustomerId : null
}
