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
        return ScenarioGenerator.Generate(p, ServerLayout.Grid(servers, p.AreaSideM), users, new SyntheticWorkload(), MarginSignal.Instance, seed);
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

    [GlobalSetup]
    public void Setup()
    {
        _s = Epochs.Generate(100, 16);
        _interference = 1e-12;
    }

    [Benchmark]
    public double Rate() => UplinkRate.BitsPerSecond(_s.BandwidthHz[3] / 7, UplinkRate.Sinr(_s.ReceivedPowerW[37 * 16 + 3], _interference, _s.NoiseW[3]));

    [Benchmark]
    public double UplinkTime() => DelayModel.CommS(_s, 37, 3, 7, _interference);

    /// <summary>One gap update: what the fast engine does per refreshed pair.</summary>
    [Benchmark]
    public double GapUpdate() => DelayModel.Gap(_s, 37, 3, 7, _interference, weighted: true);
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
}

/// <summary>The fast engine alone at 10000 users: the reference scan would take seconds per decision there.</summary>
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
}
