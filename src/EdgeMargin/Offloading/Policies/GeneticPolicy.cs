using EdgeMargin.Sampling;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Offloading.Policies;

/// <summary>
/// Baseline: a seeded genetic algorithm over assignment vectors (gene = server or local) that minimises
/// <see cref="PaperObjective"/>. Users with u &gt; tau only ever receive server genes, so every individual
/// satisfies the offloading constraint by construction. New server genes go to the user's strongest-channel
/// server half of the time: with uniformly random servers most offloads land on a distant cell and the search
/// wastes its budget there, which would make the baseline a strawman.
/// </summary>
public sealed class GeneticPolicy(GeneticOptions? options = null) : IOffloadingPolicy
{
    private const ulong Stream = 0x5EED_0002;
    private readonly GeneticOptions _options = options ?? new GeneticOptions();

    /// <inheritdoc />
    public string Name => "ga";

    /// <inheritdoc />
    public string Description => "seeded genetic algorithm over assignments minimising the u-weighted objective";

    /// <inheritdoc />
    public Assignment Decide(Scenario scenario, PolicyContext context)
    {
        int n = scenario.UserCount, m = scenario.ServerCount;
        if (n == 0) return Assignment.AllLocal(0);
        var view = context.DecisionScenario(scenario);
        var o = _options;
        int size = Math.Max(2, o.Population);
        int elite = Math.Clamp(o.Elite, 0, size - 1);
        double mutation = o.MutationRate ?? 1.0 / n;
        var rng = SeededRandom.ForStream(context.Seed, Stream);
        var forced = new bool[n];
        var u = scenario.Uncertainty;
        for (int i = 0; i < n; i++) forced[i] = u[i] > context.Tau;
        var strongest = new int[n];
        for (int i = 0; i < n; i++)
        {
            var gains = scenario.ChannelGains.Slice(i * m, m);
            for (int j = 1; j < m; j++) if (gains[j] > gains[strongest[i]]) strongest[i] = j;
        }

        var population = new int[size][];
        var next = new int[size][];
        var fitness = new double[size];
        var order = new int[size];
        for (int p = 0; p < size; p++)
        {
            population[p] = new int[n];
            next[p] = new int[n];
            // Individuals range from mostly local to mostly offloaded.
            double offloadShare = (p + 0.5) / size;
            for (int i = 0; i < n; i++)
                population[p][i] = forced[i] || rng.NextDouble() < offloadShare ? ServerGene(i) : Assignment.Local;
            fitness[p] = Fitness(population[p]);
        }

        for (int g = 0; g < o.Generations; g++)
        {
            SortByFitness();
            for (int e = 0; e < elite; e++) population[order[e]].CopyTo(next[e], 0);
            for (int c = elite; c < size; c++)
            {
                int[] a = population[Tournament()];
                int[] child = next[c];
                if (rng.NextDouble() < o.CrossoverRate)
                {
                    int[] b = population[Tournament()];
                    for (int i = 0; i < n; i++) child[i] = rng.NextDouble() < 0.5 ? a[i] : b[i];
                }
                else a.CopyTo(child, 0);
                for (int i = 0; i < n; i++)
                    if (rng.NextDouble() < mutation)
                        child[i] = forced[i] || child[i] == Assignment.Local ? ServerGene(i) : Assignment.Local;
            }
            (population, next) = (next, population);
            for (int p = 0; p < size; p++) fitness[p] = Fitness(population[p]);
        }
        SortByFitness();
        return new Assignment(population[order[0]]);

        int ServerGene(int user) => rng.NextDouble() < 0.5 ? strongest[user] : rng.NextInt(m);

        double Fitness(int[] genes)
        {
            double f = PaperObjective.Evaluate(view, genes, weighted: true);
            return double.IsNaN(f) ? double.PositiveInfinity : f;
        }

        void SortByFitness()
        {
            for (int p = 0; p < size; p++) order[p] = p;
            Array.Sort(order, (x, y) => fitness[x].CompareTo(fitness[y]) is var c && c != 0 ? c : x.CompareTo(y));
        }

        int Tournament()
        {
            int best = rng.NextInt(size);
            for (int t = 1; t < o.TournamentSize; t++)
            {
                int r = rng.NextInt(size);
                if (fitness[r] < fitness[best]) best = r;
            }
            return best;
        }
    }
}
