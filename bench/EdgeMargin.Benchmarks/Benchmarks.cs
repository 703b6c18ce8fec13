using BenchmarkDotNet.Attributes;
using EdgeMargin.Offloading;
using EdgeMargin.Offloading.Fast;
using EdgeMargin.Radio;
using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;
using EdgeMargin.Workloads;

namespace EdgeMargin.Benchmarks;

internal static class Epochs
{
    public static Scenario Generate(int users, int servers, ulong seed = 42)
    {
        var p = SystemParameters.Default;
        return ScenarioGenerator.Generate(p, ServerLayout.Grid(servers, p.Generator.AreaSideM), users, new SyntheticWorkload(), MarginSignal.Instance, seed);
    }

    public static CandidateRole[] GoaRoles(Scenario s, double tau = 0.6)
    {
        var roles = new CandidateRole[s.UserCount];
        for (int i = 0; i < roles.Length; i++) roles[i] = s.Uncertainty[i] > tau ? CandidateRole.Forced : CandidateRole.Optional;
        return roles;
    }
}

/// <summary>The formulas every engine evaluates: one Shannon rate, one uplink time, one GOA gap.</summary>
[MemoryDiagnoser]
public class FormulaBenchmarks
{
    private Scenario _s = null!;
    private double _interference;
    private readonly ServerColumns _columns = new();
    private readonly int[] _counts = new int[16];
    private readonly double[] _interferences = new double[16];
    private readonly double[] _lo = new double[16];
    private readonly double[] _hi = new double[16];

    [GlobalSetup]
    public void Setup()
    {
        _s = Epochs.Generate(100, 16);
        _interference = 1e-12;
        Array.Fill(_counts, 6);
        Array.Fill(_interferences, _interference);
        _columns.EnsureCapacity(16);
        _columns.Refresh(_s, _counts, _interferences, int.MaxValue);
    }

    [Benchmark]
    public double Rate() => UplinkRate.BitsPerSecond(_s.BandwidthHz[3] / 7, UplinkRate.Sinr(_s.ReceivedPowerW[37 * 16 + 3], _interference, _s.NoiseW[3]));

    [Benchmark]
    public double UplinkTime() => DelayModel.CommS(_s, 37, 3, 7, _interference);

    /// <summary>One gap update: what the fast engine does per refreshed pair.</summary>
    [Benchmark]
    public double GapUpdate() => DelayModel.Gap(_s, 37, 3, 7, _interference, weighted: true);

    /// <summary>One user's 16 exact gaps: what the exact path computes to refresh a whole row.</summary>
    [Benchmark]
    public double ExactRow16()
    {
        double min = double.PositiveInfinity;
        for (int j = 0; j < 16; j++) min = Math.Min(min, DelayModel.Gap(_s, 37, j, 7, _interference, weighted: true));
        return min;
    }

    /// <summary>The same row bracketed by the vector path (no logarithm), with its smallest two lower bounds.</summary>
    [Benchmark]
    public double BracketRow16()
    {
        GapInterval.Row<GapInterval.HardwareReciprocal, GapInterval.NoWait>(in _s.ReceivedPowerW[37 * 16], _columns, ref _lo[0], ref _hi[0], 16, _s.PayloadBits[37], _s.EdgeWorkEstimate[37],
            _s.LocalDelayS[37], _s.Uncertainty[37], weighted: true, dropInfinite: true, dropNonNegative: false, out double lowest, out _);
        return lowest;
    }
}

/// <summary>Full GOA decision per epoch, reference scan versus the fast engine (identical results).</summary>
[MemoryDiagnoser]
public class GoaBenchmarks
{
    private Scenario _s = null!;
    private CandidateRole[] _roles = null!;

    [Params(100, 1000)]
    public int Users { get; set; }

    [Params(16)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _s = Epochs.Generate(Users, Servers);
        _roles = Epochs.GoaRoles(_s);
    }

    [Benchmark(Baseline = true)]
    public Assignment Direct() => DirectGreedyEngine.Instance.Run(_s, _roles, weighted: true);

    [Benchmark]
    public Assignment Fast() => FastGreedyEngine.Instance.Run(_s, _roles, weighted: true);

    /// <summary>The fast engine with exact gaps only (no vector brackets): same decisions.</summary>
    [Benchmark]
    public Assignment FastExactOnly() => FastGreedyEngine.ExactOnly.Run(_s, _roles, weighted: true);
}

/// <summary>The fast engine alone at 10000 users (both paths): the reference scan would take seconds per decision there.</summary>
[MemoryDiagnoser]
public class LargeGoaBenchmarks
{
    private Scenario _s = null!;
    private CandidateRole[] _roles = null!;

    [Params(10000)]
    public int Users { get; set; }

    [Params(16, 64)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _s = Epochs.Generate(Users, Servers);
        _roles = Epochs.GoaRoles(_s);
    }

    [Benchmark]
    public Assignment Fast() => FastGreedyEngine.Instance.Run(_s, _roles, weighted: true);

    [Benchmark]
    public Assignment FastExactOnly() => FastGreedyEngine.ExactOnly.Run(_s, _roles, weighted: true);
}
