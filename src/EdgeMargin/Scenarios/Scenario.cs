namespace EdgeMargin.Scenarios;

/// <summary>
/// One decision epoch: the users with their queries, the edge servers, the channel power gains |h_ij|^2 and the
/// system parameters. Every policy reads this one object and nothing else. Immutable; the flat arrays exposed as
/// spans are precomputed once so hot loops touch contiguous memory only.
/// </summary>
public sealed class Scenario
{
    private readonly double[] _channelGains;
    private readonly double[] _receivedPowerW;
    private readonly double[] _uncertainty;
    private readonly double[] _payloadBits;
    private readonly double[] _localDelayS;
    private readonly double[] _edgeWorkEstimate;
    private readonly double[] _edgeWorkActual;
    private readonly double[] _bandwidthHz;
    private readonly double[] _capacityFlops;
    private readonly double[] _noiseW;
    // The load is set once, by the constructor or by WithLoad on a fresh memberwise copy (see SetLoad).
    private int[] _backlogJobs = [];
    private double[] _waitS = [];
    private ServerLoad[] _load = [];
    private Scenario? _idle;

    private Scenario(SystemParameters parameters, IReadOnlyList<UserDemand> users, IReadOnlyList<EdgeServer> servers, double[] channelGains)
    {
        Parameters = parameters;
        Users = users;
        Servers = servers;
        _channelGains = channelGains;
        int n = users.Count, m = servers.Count;
        var physical = parameters.Physical;
        EdgeUserCapFlops = physical.EdgeUserCapFlops;
        _receivedPowerW = new double[n * m];
        for (int k = 0; k < channelGains.Length; k++) _receivedPowerW[k] = physical.TransmitPowerW * channelGains[k];
        _uncertainty = new double[n];
        _payloadBits = new double[n];
        _localDelayS = new double[n];
        _edgeWorkEstimate = new double[n];
        _edgeWorkActual = new double[n];
        for (int i = 0; i < n; i++)
        {
            var u = users[i];
            _uncertainty[i] = u.Uncertainty;
            _payloadBits[i] = u.PayloadBytes * parameters.BitsPerPayloadByte;
            _localDelayS[i] = u.LocalDelayS;
            // t_local * C_i is the small model's work in FLOP; the large model is ParameterRatio times that.
            _edgeWorkEstimate[i] = parameters.EdgeEstimate.ParameterRatio * u.LocalDelayS * u.DeviceCapacityFlops;
            _edgeWorkActual[i] = u.LlmReferenceTimeS is double t ? t * physical.LocalCapacityFlops : _edgeWorkEstimate[i];
        }
        _bandwidthHz = new double[m];
        _capacityFlops = new double[m];
        _noiseW = new double[m];
        for (int j = 0; j < m; j++)
        {
            _bandwidthHz[j] = servers[j].BandwidthHz;
            _capacityFlops[j] = servers[j].CapacityFlops;
            _noiseW[j] = physical.NoiseDensityWPerHz * servers[j].BandwidthHz;
        }
        SetLoad(new ServerLoad[m]);
    }

    /// <summary>
    /// Sets the load snapshot of a scenario being made (the constructor's, or <see cref="WithLoad"/>'s memberwise copy, which
    /// shares every array of the epoch, whatever fields it gains later, and gets its own load arrays here).
    /// </summary>
    private void SetLoad(ServerLoad[] load)
    {
        int m = load.Length;
        _load = load;
        _backlogJobs = new int[m];
        _waitS = new double[m];
        HasBacklog = HasWait = false;
        for (int j = 0; j < m; j++)
        {
            _backlogJobs[j] = load[j].JobsInService;
            // + 0.0 turns a wait of -0.0 into +0.0, so an idle server's wait is the exact zero the static model subtracts.
            _waitS[j] = load[j].WaitS + 0.0;
            HasBacklog |= !load[j].IsIdle;
            HasWait |= _waitS[j] != 0;
        }
    }

    /// <summary>System constants and formula mode.</summary>
    public SystemParameters Parameters { get; }

    /// <summary>
    /// C_max, the largest compute share one user gets on a server, FLOP/s: <see cref="PhysicalConstants.EdgeUserCapFlops"/>
    /// held here so the delay formulas, which read it once per server state in the engines' inner loops, load it
    /// directly instead of through two records.
    /// </summary>
    public double EdgeUserCapFlops { get; }

    /// <summary>The users, index i.</summary>
    public IReadOnlyList<UserDemand> Users { get; }

    /// <summary>The edge servers, index j.</summary>
    public IReadOnlyList<EdgeServer> Servers { get; }

    /// <summary>Number of users N.</summary>
    public int UserCount => Users.Count;

    /// <summary>Number of edge servers M.</summary>
    public int ServerCount => Servers.Count;

    /// <summary>Channel power gain |h_ij|^2 (path gain x fading), row-major: index i * M + j.</summary>
    public ReadOnlySpan<double> ChannelGains => _channelGains;

    /// <summary>Received power P |h_ij|^2 in watts, row-major i * M + j.</summary>
    public ReadOnlySpan<double> ReceivedPowerW => _receivedPowerW;

    /// <summary>u_i.</summary>
    public ReadOnlySpan<double> Uncertainty => _uncertainty;

    /// <summary>Payload in bits as the model counts them (bytes x 8, or bytes in reference mode).</summary>
    public ReadOnlySpan<double> PayloadBits => _payloadBits;

    /// <summary>t_local_i, seconds.</summary>
    public ReadOnlySpan<double> LocalDelayS => _localDelayS;

    /// <summary>Large-model work assumed at decision time, FLOP: ratio x t_local x C_i.</summary>
    public ReadOnlySpan<double> EdgeWorkEstimate => _edgeWorkEstimate;

    /// <summary>Large-model work used in evaluation, FLOP: measured t_llm x C_L when known, else the estimate.</summary>
    public ReadOnlySpan<double> EdgeWorkActual => _edgeWorkActual;

    /// <summary>B_j, Hz.</summary>
    public ReadOnlySpan<double> BandwidthHz => _bandwidthHz;

    /// <summary>C_ES_j, FLOP/s.</summary>
    public ReadOnlySpan<double> CapacityFlops => _capacityFlops;

    /// <summary>Noise power N0 x B_j, W.</summary>
    public ReadOnlySpan<double> NoiseW => _noiseW;

    /// <summary>|h_ij|^2.</summary>
    public double ChannelGain(int user, int server) => _channelGains[user * Servers.Count + server];

    /// <summary>Each server's load when the epoch is decided (<see cref="ServerLoad"/>); every server is idle unless a
    /// snapshot was attached with <see cref="WithLoad"/>.</summary>
    public IReadOnlyList<ServerLoad> Load => _load;

    /// <summary>b_j, the jobs in service on server j before this epoch's users (<see cref="ServerLoad.JobsInService"/>).</summary>
    public ReadOnlySpan<int> BacklogJobs => _backlogJobs;

    /// <summary>W_j, seconds before a user placed on server j starts its service (<see cref="ServerLoad.WaitS"/>; never -0.0).</summary>
    public ReadOnlySpan<double> WaitS => _waitS;

    /// <summary>Whether some server is not idle.</summary>
    public bool HasBacklog { get; private set; }

    /// <summary>Whether some server has a wait W_j &gt; 0 (the fast engine then brackets with the wait term).</summary>
    public bool HasWait { get; private set; }

    /// <summary>
    /// This epoch with every server idle: the paper's static model, what a decision that does not see the backlog is made
    /// on. The scenario itself when it has no backlog; otherwise a view sharing its arrays, made once.
    /// </summary>
    public Scenario Idle => HasBacklog ? _idle ??= Loaded(new ServerLoad[ServerCount]) : this;

    /// <summary>
    /// This epoch with <paramref name="load"/> as each server's load (one entry per server, in server order). The users,
    /// servers and channels are shared, not copied or validated again.
    /// </summary>
    /// <exception cref="ScenarioValidationException">The list has the wrong length or a load is invalid; lists every problem.</exception>
    public Scenario WithLoad(IReadOnlyList<ServerLoad> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var problems = new List<string>();
        if (load.Count != ServerCount) problems.Add($"The load snapshot has {load.Count} entries; it needs one per server ({ServerCount}).");
        else for (int j = 0; j < load.Count; j++) problems.AddRange(load[j].Validate($"servers[{j}].backlog"));
        if (problems.Count > 0) throw new ScenarioValidationException(problems);
        return Loaded(load.ToArray());
    }

    /// <summary>A copy sharing every array of this epoch, with <paramref name="load"/> as its snapshot.</summary>
    private Scenario Loaded(ServerLoad[] load)
    {
        var copy = (Scenario)MemberwiseClone();
        copy.SetLoad(load);
        return copy;
    }

    /// <summary>
    /// Creates a validated scenario. <paramref name="channelGains"/> holds |h_ij|^2, row-major (i * M + j).
    /// </summary>
    /// <exception cref="ScenarioValidationException">Lists every invalid value with its location.</exception>
    public static Scenario Create(SystemParameters parameters, IReadOnlyList<UserDemand> users, IReadOnlyList<EdgeServer> servers, ReadOnlySpan<double> channelGains)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(servers);
        var problems = new List<string>();
        foreach (string p in parameters.Validate()) problems.Add("parameters." + p);
        if (servers.Count == 0) problems.Add("The scenario has no edge servers; give at least one server.");
        for (int j = 0; j < servers.Count; j++)
        {
            var s = servers[j];
            if (DemandChecks.BandwidthHz(s.BandwidthHz) is string b) problems.Add($"servers[{j}].bandwidthHz (server '{s.Id}') {b}.");
            if (DemandChecks.CapacityFlops(s.CapacityFlops) is string c) problems.Add($"servers[{j}].capacityFlops (server '{s.Id}') {c}.");
        }
        for (int i = 0; i < users.Count; i++)
        {
            var u = users[i];
            void Check(string field, string? problem)
            {
                if (problem is not null) problems.Add($"users[{i}].{field} (user '{u.Id}') {problem}.");
            }
            Check("uncertainty", DemandChecks.Uncertainty(u.Uncertainty));
            Check("payloadBytes", DemandChecks.PayloadBytes(u.PayloadBytes));
            Check("localTimeS", DemandChecks.LocalTimeS(u.LocalDelayS));
            Check("deviceCapacityFlops", DemandChecks.DeviceCapacityFlops(u.DeviceCapacityFlops));
            if (u.LlmReferenceTimeS is double t) Check("llmTimeS", DemandChecks.LlmTimeS(t));
        }
        if (channelGains.Length != users.Count * servers.Count)
            problems.Add($"Expected {users.Count} x {servers.Count} = {users.Count * servers.Count} channel gains, got {channelGains.Length}.");
        else
        {
            for (int k = 0; k < channelGains.Length; k++)
            {
                if (DemandChecks.ChannelGain(channelGains[k]) is string g)
                    problems.Add($"users[{k / servers.Count}].channelGains[{k % servers.Count}] {g}.");
            }
        }
        if (problems.Count > 0) throw new ScenarioValidationException(problems);
        return new Scenario(parameters, users.ToArray(), servers.ToArray(), channelGains.ToArray());
    }
}
