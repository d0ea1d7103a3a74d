/**
 * Funding a participatory budget from knapsack ballots (each voter picks projects whose costs add
 * up to no more than the budget, as in CONSUL and Decidim): every project counts the ballots that
 * name it; projects are taken in order of votes (most first; equal votes: the cheaper first, then
 * the earlier proposed), and each is funded if it fits in what is left of the budget, else skipped
 * for the next. A project no ballot names is not funded. All sums are in fen (integers).
 */
export interface Candidate {
  id: number;
  costFen: number;
}

export interface Allocation {
  id: number;
  votes: number;
  costFen: number;
  funded: boolean;
  /** What was left of the budget when the project's turn came. */
  availableFen: number;
}

export function countVotes(ballots: ReadonlyArray<readonly number[]>): Map<number, number> {
  const votes = new Map<number, number>();
  for (const ballot of ballots) for (const id of new Set(ballot)) votes.set(id, (votes.get(id) ?? 0) + 1);
  return votes;
}

export function allocate(
  budgetFen: number,
  candidates: readonly Candidate[],
  ballots: ReadonlyArray<readonly number[]>,
): { allocations: Allocation[]; spentFen: number; leftFen: number } {
  const votes = countVotes(ballots);
  const order = candidates
    .map((c) => ({ ...c, votes: votes.get(c.id) ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.costFen - b.costFen || a.id - b.id);
  let left = budgetFen;
  const allocations = order.map((c) => {
    const funded = c.votes > 0 && c.costFen <= left;
    const availableFen = left;
    if (funded) left -= c.costFen;
    return { id: c.id, votes: c.votes, costFen: c.costFen, funded, availableFen };
  });
  return { allocations, spentFen: budgetFen - left, leftFen: left };
}
