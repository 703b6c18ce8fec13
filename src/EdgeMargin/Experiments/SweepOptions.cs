using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Experiments;

/// <summary>One Monte-Carlo sweep over user counts and thresholds, for a set of policies.</summary>
public sealed record SweepOptions
{
    /// <summary>User counts N to simulate.</summary>
    public IReadOnlyList<int> Users { get; init; } = [50, 60, 70, 80, 90, 100, 110, 120];

    /// <summary>The user count summaries lead with: the paper's N = 100 when swept, else the largest.</summary>
    public int HeadlineUsers => Users.Contains(100) ? 100 : Users.Max();

    /// <summary>Thresholds tau, each in [0, 1].</summary>
    public IReadOnlyList<double> Taus { get; init; } = [0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>Monte-Carlo runs per (N, tau); run r uses seed <see cref="Seed"/> + r.</summary>
    public int Runs { get; init; } = 100;

    /// <summary>First run seed (the paper uses 42..541).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Policy names, see <see cref="PolicyCatalog"/>.</summary>
    public IReadOnlyList<string> Policies { get; init; } = PolicyCatalog.PaperPolicies;

    /// <summary>System constants and formula mode.</summary>
    public SystemParameters Parameters { get; init; } = SystemParameters.Default;

    /// <summary>Edge server positions (default: the paper's four).</summary>
    public IReadOnlyList<(double X, double Y)> ServerPositions { get; init; } = ServerLayout.Grid(4, 500);

    /// <summary>Where queries come from.</summary>
    public IWorkload Workload { get; init; } = new SyntheticWorkload();

    /// <summary>How a query becomes u (see <see cref="SignalCatalog"/>); every policy reads only the resulting score.</summary>
    public IQuerySignal Signal { get; init; } = MarginSignal.Instance;

    /// <summary>Greedy machinery for GOA and the greedy baselines.</summary>
    public IGreedyEngine Engine { get; init; } = GreedyEngineCatalog.Default;

    /// <summary>Measure wall-clock decision time; off writes 0 so outputs are byte-identical across runs.</summary>
    public bool MeasureDecisionTime { get; init; } = true;

    /// <summary>Worker threads (null = all cores). Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Every problem with the options, each naming the option and the fix (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>();
        foreach (string p in Parameters.Validate()) e.Add("parameters." + p);
        if (Users.Count == 0) e.Add("--users needs at least one user count.");
        foreach (int n in Users) if (n < 1) e.Add($"--users: every user count must be at least 1 (got {n}).");
        if (Taus.Count == 0) e.Add("--tau needs at least one threshold.");
        foreach (double t in Taus) if (!(t >= 0 && t <= 1)) e.Add($"--tau: every threshold must lie in [0, 1] (got {t}).");
        if (Runs < 1) e.Add($"--runs must be at least 1 (got {Runs}).");
        if (ServerPositions.Count == 0) e.Add("--servers must be at least 1: with zero edge servers there is nothing to offload to.");
        if (Policies.Count == 0) e.Add("--policies needs at least one policy.");
        foreach (string p in Policies)
        {
            try { PolicyCatalog.Create(p); }
            catch (UnknownPolicyException ex) { e.Add(ex.Message); }
        }
        // The exact search refuses large epochs; say so before the sweep starts rather than fail inside it, where the
        // refusal would surface wrapped in the parallel loop's AggregateException. Both of its limits count: N, and (M + 1)^N.
        int largest = Users.Count > 0 ? Users.Max() : 0;
        if (Policies.Any(p => p.Trim().Equals("optimal", StringComparison.OrdinalIgnoreCase)) && !Offloading.Optimal.OptimalPolicy.Accepts(largest, ServerPositions.Count))
            e.Add($"--policies: 'optimal' is an exact search for at most {Offloading.Optimal.OptimalPolicy.MaxUsers} users and " +
                $"{Offloading.Optimal.OptimalPolicy.MaxSearchSpace:0.#e0} assignments ((M + 1)^N), but --users goes up to {largest} with {ServerPositions.Count} servers.");
        if (MaxDegreeOfParallelism is < 1) e.Add($"Parallelism must be at least 1 (got {MaxDegreeOfParallelism}).");
        return e;
    }
}
