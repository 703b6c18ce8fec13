using EdgeMargin.Radio.Channels;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Scenarios.Input;

/// <summary>
/// Turns one user's input as a client sends it (<see cref="UserInput"/>) into a <see cref="UserDemand"/> and its
/// channel-gain row, or names every problem by its JSON path (<c>users[3].topK[1].probability</c>). The one place where
/// epoch input is checked: <c>decide</c>'s scenario file and the gateway's decide request are thin mappings onto it.
/// </summary>
/// <remarks>
/// <para>
/// Users are built one at a time and each either succeeds or reports its own problems, so a caller that collects users
/// from many devices (the gateway) can refuse one device and still decide the others. The bounds are those of
/// <see cref="Scenario.Create"/> (both read them from one place), so a set of built users always forms a valid epoch.
/// </para>
/// <para>
/// Uncertainty comes from <see cref="UserInput.Uncertainty"/> or from <see cref="UserInput.TopK"/> through the signal.
/// Gains come from <see cref="UserInput.ChannelGains"/>, from <see cref="UserInput.SnrDb"/> (interference-free SNR
/// measured by the device) or from a position through the channel model (<see cref="PositionChannel"/>; by default
/// free space without fading). Fading for positions is drawn from one generator in user order (M draws per user),
/// which is what keeps <c>decide</c>'s fading epochs the same numbers they always were.
/// </para>
/// </remarks>
public sealed class EpochInputBuilder
{
    /// <summary>Largest accepted top-k list: 3K = 30 is the reference, a thousand is surely a mistake or an attack.</summary>
    public const int MaxTopK = 1000;

    /// <summary>Longest accepted identifier, characters.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Largest |SNR| accepted, dB; beyond it 10^(snr/10) leaves the doubles' comfortable range.</summary>
    public const double MaxAbsSnrDb = 300;

    private readonly SystemParameters _parameters;
    private readonly IReadOnlyList<EdgeServer> _servers;
    private readonly IUncertaintySignal _signal;
    private readonly UserInputNames _names;
    private readonly PositionChannel _positions;

    /// <summary>Creates a builder for users of an epoch with <paramref name="servers"/> under <paramref name="parameters"/>.</summary>
    /// <param name="parameters">Constants: C_L is the default device capacity; noise, bandwidth and power convert SNRs; carrier and distances give position gains.</param>
    /// <param name="servers">The epoch's servers, in the order gain rows are given.</param>
    /// <param name="signal">Turns a top-k list into u.</param>
    /// <param name="names">The client's names for the fields it spells differently (default: a scenario file's).</param>
    /// <param name="positions">How positions become gains (default: free space, no fading).</param>
    public EpochInputBuilder(SystemParameters parameters, IReadOnlyList<EdgeServer> servers, IUncertaintySignal signal,
        UserInputNames? names = null, PositionChannel? positions = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(signal);
        _parameters = parameters;
        _servers = servers;
        _signal = signal;
        _names = names ?? UserInputNames.ScenarioFile;
        _positions = positions ?? PositionChannel.FreeSpace(parameters.Physical);
        _positions.EnsureStreams();
    }

    /// <summary>
    /// Builds one user, or returns null after adding every problem to <paramref name="problems"/>.
    /// </summary>
    /// <param name="input">The user as sent (null is reported as a problem).</param>
    /// <param name="at">JSON path of the user ("users[3]"), or "" when the user is the whole document (a gateway request).</param>
    /// <param name="fallbackId">Identifier used when the input has none; null makes a missing identifier a problem.</param>
    /// <param name="problems">Receives the problems found.</param>
    /// <param name="userIndex">The user's index in the epoch: it selects the large-scale sub-stream of a random channel model.</param>
    public BuiltUser? Build(UserInput? input, string at, string? fallbackId, ICollection<InputProblem> problems, int userIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(problems);
        int before = problems.Count;
        void Problem(string field, string message) => problems.Add(new(Path(at, field), message));
        if (input is null)
        {
            problems.Add(new(at.Length > 0 ? at : "$", "is null; give an object."));
            return null;
        }

        string id = input.Id ?? fallbackId ?? "";
        if (input.Id is null && fallbackId is null) Problem(_names.Id, "is missing; give the device's identifier.");
        else if (string.IsNullOrWhiteSpace(id)) Problem(_names.Id, "is blank; give an identifier, or leave the field out.");
        else if (id.Length > MaxIdLength) Problem(_names.Id, $"is {id.Length} characters long; at most {MaxIdLength} are allowed.");

        double u = Uncertainty(input, Problem);

        if (input.PayloadBytes is not double payload) Problem("payloadBytes", "is missing; give the prompt size in bytes (UTF-8).");
        else if (DemandChecks.PayloadBytes(payload) is string bad) Problem("payloadBytes", bad + ".");

        if (input.LocalTimeS is not double local) Problem(_names.LocalTime, "is missing; give the local answer time on this device in seconds.");
        else if (DemandChecks.LocalTimeS(local) is string bad) Problem(_names.LocalTime, bad + ".");

        double capacity = input.DeviceCapacityFlops ?? _parameters.Physical.LocalCapacityFlops;
        if (DemandChecks.DeviceCapacityFlops(capacity) is string badCapacity) Problem("deviceCapacityFlops", badCapacity + " when given.");

        if (input.LlmTimeS is double llm && DemandChecks.LlmTimeS(llm) is string badLlm) Problem("llmTimeS", badLlm + " when given.");

        var gains = Gains(input, userIndex, Problem);

        if (problems.Count > before) return null;
        return new BuiltUser(new UserDemand
        {
            Id = id,
            Uncertainty = u,
            PayloadBytes = input.PayloadBytes!.Value,
            LocalDelayS = input.LocalTimeS!.Value,
            DeviceCapacityFlops = capacity,
            LlmReferenceTimeS = input.LlmTimeS,
            SlmCorrect = input.SlmCorrect,
            LlmCorrect = input.LlmCorrect,
            X = input.X ?? double.NaN,
            Y = input.Y ?? double.NaN,
        }, gains);
    }

    /// <summary>
    /// Builds every user of <paramref name="users"/> (at <paramref name="arrayPath"/>[i], identifiers defaulting to
    /// "u{i}") into demands and a row-major gain matrix, or returns null after adding every problem of every user.
    /// </summary>
    public (UserDemand[] Users, double[] ChannelGains)? BuildAll(IReadOnlyList<UserInput?> users, string arrayPath, ICollection<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(users);
        int m = _servers.Count, before = problems.Count;
        var demands = new UserDemand[users.Count];
        var gains = new double[users.Count * m];
        for (int i = 0; i < users.Count; i++)
        {
            if (Build(users[i], $"{arrayPath}[{i}]", $"u{i}", problems, i) is not { } built) continue;
            demands[i] = built.Demand;
            built.ChannelGains.CopyTo(gains, i * m);
        }
        return problems.Count > before ? null : (demands, gains);
    }

    /// <summary>
    /// |h|^2 such that P |h|^2 / (N0 B_j) equals the reported SNR: the device measures SNR without the epoch's
    /// interference, which the model adds itself from the other users' gains.
    /// </summary>
    public double GainFromSnrDb(double snrDb, int server)
    {
        var c = _parameters.Physical;
        return Math.Pow(10, snrDb / 10) * c.NoiseDensityWPerHz * _servers[server].BandwidthHz / c.TransmitPowerW;
    }

    private double Uncertainty(UserInput input, Action<string, string> problem)
    {
        if (input.Uncertainty is double && input.TopK is not null)
        {
            problem("uncertainty", "and topK are both given; give one of them.");
            return double.NaN;
        }
        if (input.Uncertainty is double given)
        {
            if (DemandChecks.Uncertainty(given) is string bad) problem("uncertainty", bad + ".");
            return given;
        }
        if (input.TopK is not { } topK)
        {
            problem("uncertainty", "is missing: give 'uncertainty' (a number in [0, 1]) or 'topK' (a list of {token, probability}).");
            return double.NaN;
        }
        if (topK.Count > MaxTopK)
        {
            problem("topK", $"has {topK.Count} entries; send at most {MaxTopK} (3K = 30 is the reference).");
            return double.NaN;
        }
        var candidates = new TokenProbability[topK.Count];
        bool ok = true;
        for (int k = 0; k < topK.Count; k++)
        {
            if (topK[k] is not { } entry)
            {
                problem($"topK[{k}]", "is null; give {\"token\": ..., \"probability\": ...}.");
                ok = false;
            }
            else if (entry.Probability is not double p)
            {
                problem($"topK[{k}].probability", "is missing; every candidate needs a probability in [0, 1].");
                ok = false;
            }
            else if (!(p >= 0 && p <= 1 + 1e-9))
            {
                problem($"topK[{k}].probability", $"must be a finite number in [0, 1] (got {p}); pass probabilities, not logits or log-probabilities.");
                ok = false;
            }
            else candidates[k] = new TokenProbability(entry.Token ?? "", p);
        }
        if (!ok) return double.NaN;
        try { return _signal.Compute(TopKDistribution.FromTokens(candidates)); }
        catch (InvalidDistributionException ex)
        {
            problem("topK", $"is not a usable distribution: {ex.Message}");
            return double.NaN;
        }
    }

    private double[] Gains(UserInput input, int userIndex, Action<string, string> problem)
    {
        int m = _servers.Count;
        var gains = new double[m];
        string serverList = $"{m}: {string.Join(", ", _servers.Select(s => s.Id))}";
        if (input.X is double && input.Y is null) problem("y", "is missing; a position needs both x and y.");
        if (input.Y is double && input.X is null) problem("x", "is missing; a position needs both x and y.");
        if (input.X is double px && !double.IsFinite(px)) problem("x", $"must be a finite number of metres (got {px}).");
        if (input.Y is double py && !double.IsFinite(py)) problem("y", $"must be a finite number of metres (got {py}).");

        if (input.ChannelGains is not null && input.SnrDb is not null) problem("channelGains", "and snrDb are both given; give one of them.");
        else if (input.ChannelGains is { } g)
        {
            if (g.Count != m) problem("channelGains", $"has {g.Count} values; give one |h|^2 per server ({serverList}).");
            else for (int j = 0; j < m; j++)
            {
                if (DemandChecks.ChannelGain(g[j]) is string bad) problem($"channelGains[{j}]", bad + ".");
                gains[j] = g[j];
            }
        }
        else if (input.SnrDb is { } snr)
        {
            if (snr.Count != m) problem("snrDb", $"has {snr.Count} values; give one SNR in dB per server ({serverList}).");
            else for (int j = 0; j < m; j++)
            {
                if (!double.IsFinite(snr[j]) || Math.Abs(snr[j]) > MaxAbsSnrDb) problem($"snrDb[{j}]", $"must be a finite number of dB in [-{MaxAbsSnrDb}, {MaxAbsSnrDb}] (got {snr[j]}).");
                else gains[j] = GainFromSnrDb(snr[j], j);
            }
        }
        else if (input.X is double x && input.Y is double y)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y)) return gains;
            var largeScale = _positions.LargeScaleSeed is ulong seed && _positions.Model.PathLoss.IsRandom ? ChannelStreams.LargeScaleOf(seed, userIndex) : null;
            for (int j = 0; j < m; j++)
            {
                if (double.IsNaN(_servers[j].X) || double.IsNaN(_servers[j].Y))
                {
                    problem("x", $"is given but servers[{j}] has no position; give the server's x and y, or this user's channelGains.");
                    break;
                }
                gains[j] = _positions.Model.PowerGain(new Link(x, y, _servers[j].X, _servers[j].Y), largeScale, _positions.Fading);
            }
        }
        else if (input.X is null && input.Y is null)
        {
            // Offer positions only where they could work: the gateway's servers have none, and its devices send no position.
            string position = _servers.Count > 0 && _servers.All(s => !double.IsNaN(s.X) && !double.IsNaN(s.Y)) ? ", or a position 'x' and 'y'," : "";
            problem("channelGains", $"is missing: give 'channelGains' (|h|^2) or 'snrDb'{position} for each of the {m} servers.");
        }
        return gains;
    }

    private static string Path(string at, string field) => at.Length == 0 ? field : $"{at}.{field}";
}
