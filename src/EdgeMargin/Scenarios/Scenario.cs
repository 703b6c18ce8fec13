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
