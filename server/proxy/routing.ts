// Picks the ordered upstream targets for one call: the first matching rule, in order or weighted at random.
import type { RoutingConfig, RoutingTarget } from './routing-config.ts';

/** Targets to try in order: the first is the primary, the rest are fallbacks. */
export function planTargets(config: RoutingConfig, options: { model: string; metadata: Record<string, string> }): RoutingTarget[] {
  const byName = new Map(config.targets.map((target) => [target.name, target]));
  const rule = config.rules.find(
    (candidate) =>
      (candidate.when.model === undefined || new RegExp(candidate.when.model).test(options.model)) &&
      Object.entries(candidate.when.metadata).every(([key, value]) => options.metadata[key] === value),
  );
  const targets = (rule?.targets ?? config.targets.map((target) => target.name)).flatMap((name) => byName.get(name) ?? []);
  return rule?.strategy === 'loadbalance' ? weightedOrder(targets, Math.random) : targets;
}

/** Draws targets without replacement, each with probability proportional to its weight. */
export function weightedOrder(targets: RoutingTarget[], random: () => number): RoutingTarget[] {
  const remaining = [...targets];
  const ordered: RoutingTarget[] = [];
  while (remaining.length > 0) {
    const total = remaining.reduce((sum, target) => sum + target.weight, 0);
    let point = random() * total;
    let index = remaining.findIndex((target) => {
      point -= target.weight;
      return point < 0;
    });
    if (index < 0) index = remaining.length - 1;
    ordered.push(...remaining.splice(index, 1));
  }
  return ordered;
}
