// AWS Organizations as the OrganizationReader fleet discovery uses: ListAccountsForParent and
// ListOrganizationalUnitsForParent, every page, with the errors a person can act on named.
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type OrganizationsClient,
  ParentNotFoundException,
} from '@aws-sdk/client-organizations';
import type { OrganizationAccount, OrganizationReader } from '../ports/organization.js';
import { OrganizationReadError } from '../ports/organization.js';

/** Organizations' largest page. */
const PAGE_SIZE = 20;
/** 20 000 accounts or units under one parent: far above any organization's quota, so a loop ends. */
const MAX_PAGES = 1000;

type Client = Pick<OrganizationsClient, 'send'>;

export function createOrganizationReader(client: Client): OrganizationReader {
  return {
    accountsOf: (parentId) =>
      allPages(parentId, async (NextToken) => {
        const page = await client.send(
          new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: PAGE_SIZE, NextToken }),
        );
        return { items: (page.Accounts ?? []).flatMap(toAccount), next: page.NextToken };
      }),
    unitsOf: (parentId) =>
      allPages(parentId, async (NextToken) => {
        const page = await client.send(
          new ListOrganizationalUnitsForParentCommand({
            ParentId: parentId,
            MaxResults: PAGE_SIZE,
            NextToken,
          }),
        );
        const ids = (page.OrganizationalUnits ?? []).flatMap((unit) =>
          unit.Id === undefined ? [] : [unit.Id],
        );
        return { items: ids, next: page.NextToken };
      }),
  };
}

/** `State` is the account's lifecycle; older answers carry only the `Status` it replaces. */
function toAccount(account: { Id?: string; State?: string; Status?: string }): OrganizationAccount[] {
  if (account.Id === undefined) return [];
  return [{ id: account.Id, active: (account.State ?? account.Status) === 'ACTIVE' }];
}

async function allPages<T>(
  parentId: string,
  fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await fetch(token).catch((error: unknown) => {
      throw named(error, parentId);
    });
    items.push(...page.items);
    // A page may hold fewer than asked and still not be the last: only a missing token ends the listing.
    if (page.next === undefined || page.next === '') return items;
    if (page.next === token) throw new Error(`Organizations repeated a page token listing ${parentId}`);
    token = page.next;
  }
  throw new Error(`Organizations listed more than ${MAX_PAGES} pages under ${parentId}`);
}

function named(error: unknown, parentId: string): unknown {
  const said = error instanceof Error ? error.message : String(error);
  if (error instanceof AccessDeniedException) {
    return new OrganizationReadError(
      'access-denied',
      `Organizations refused the read of ${parentId}: ${said}`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof AWSOrganizationsNotInUseException) {
    return new OrganizationReadError('not-in-organization', said, { cause: error });
  }
  if (error instanceof ParentNotFoundException) {
    return new OrganizationReadError('parent-not-found', `${parentId}: ${said}`, { cause: error });
  }
  return error;
}
