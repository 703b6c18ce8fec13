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

    /// <summary>
    /// The policies to compare, one result row each per (N, tau); by default the paper's six (<see cref="PolicyCatalog.Paper"/>).
    /// Their names must be unique, since rows are labelled by name.
    /// </summary>
    public IReadOnlyList<IOffloadingPolicy> Policies { get; init; } = PolicyCatalog.Paper;

    /// <summary>System constants and formula mode.</summary>
    public SystemParameters Parameters { get; init; } = SystemParameters.Default;

    /// <summary>Channel model of the generated epochs (default: the paper's free space with Rayleigh fading).</summary>
    public ChannelOptions Channel { get; init; } = ChannelOptions.Paper;

    /// <summary>Edge server positions (default: the paper's four).</summary>
    public IReadOnlyList<(double X, double Y)> ServerPositions { get; init; } = ServerLayout.Grid(4, 500);

    /// <summary>
    /// Per-server fixed capacity or bandwidth, one entry per <see cref="ServerPositions"/> entry (null: every server
    /// drawn by the generator with the physical bandwidth). Heterogeneous servers for <c>simulate --config</c>.
    /// </summary>
    public IReadOnlyList<ServerOverride>? ServerOverrides { get; init; }

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

    /// <summary>Every problem with the options, each naming the option's property and the fix (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Problems().Select(p => p.ToString()).ToArray();

    /// <summary>Every problem with the options, each with the property it concerns, so a front end can name it its own way.</summary>
    public IReadOnlyList<OptionProblem> Problems()
    {
        var e = new List<OptionProblem>();
        // The parameters name their own problems by path (physical.bandwidthHz), continued here after the field's name.
        foreach (string p in Parameters.Validate()) e.Add(new(nameof(Parameters), $".{p}"));
        if (Channel is null) e.Add(new(nameof(Channel), " is null; leave it out for the paper's channel."));
        else if (Parameters.Physical is { } physical) foreach (string p in Channel.Validate(physical)) e.Add(new(nameof(Channel), $".{p}"));
        if (Users.Count == 0) e.Add(new(nameof(Users), " needs at least one user count."));
        foreach (int n in Users) if (n < 1) e.Add(new(nameof(Users), $": every user count must be at least 1 (got {n})."));
        if (Taus.Count == 0) e.Add(new(nameof(Taus), " needs at least one threshold."));
        foreach (double t in Taus) if (!(t >= 0 && t <= 1)) e.Add(new(nameof(Taus), $": every threshold must lie in [0, 1] (got {t})."));
        if (Runs < 1) e.Add(new(nameof(Runs), $" must be at least 1 (got {Runs})."));
        if (ServerPositions.Count == 0) e.Add(new(nameof(ServerPositions), " must hold at least one server: with zero edge servers there is nothing to offload to."));
        if (ServerOverrides is { } overrides)
        {
            if (overrides.Count != ServerPositions.Count)
                e.Add(new(nameof(ServerOverrides), $" has {overrides.Count} entries for {ServerPositions.Count} servers; give one per server."));
            var found = new List<string>();
            for (int j = 0; j < overrides.Count; j++) overrides[j]?.Validate(found, $"[{j}].");
            foreach (string p in found) e.Add(new(nameof(ServerOverrides), p));
        }
        if (Policies.Count == 0) e.Add(new(nameof(Policies), " needs at least one policy."));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int largest = Users.Count > 0 ? Users.Max() : 0;
        for (int i = 0; i < Policies.Count; i++)
        {
            var policy = Policies[i];
            if (policy is null) { e.Add(new(nameof(Policies), $": entry {i} is null.")); continue; }
            if (!seen.Add(policy.Name)) e.Add(new(nameof(Policies), $": '{policy.Name}' is listed twice; result rows are labelled by policy name, so each may appear once."));
            // Checked before the sweep starts rather than failing inside it, where the refusal would surface wrapped in
            // the parallel loop's AggregateException.
            else if (largest > 0 && policy.SizeProblem(largest, ServerPositions.Count) is string tooLarge) e.Add(new(nameof(Policies), $": {tooLarge}"));
        }
        if (MaxDegreeOfParallelism is < 1) e.Add(new(nameof(MaxDegreeOfParallelism), $" must be at least 1 (got {MaxDegreeOfParallelism})."));
        return e;
    }
}
