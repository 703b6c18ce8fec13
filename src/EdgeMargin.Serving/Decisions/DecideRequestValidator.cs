using EdgeMargin.Scenarios;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Turns a decide request into a <see cref="DeviceDemand"/>, or lists every invalid field. It applies the same bounds as
/// <see cref="Scenario.Create"/> so that a batch of accepted requests always forms a valid epoch: one bad device can
/// never fail the epoch of the others.
/// </summary>
internal sealed class DecideRequestValidator(SystemParameters parameters, IReadOnlyList<EdgeServer> servers, IUncertaintySignal signal)
{
    public DeviceDemand? Validate(DecideRequest request, List<FieldProblem> problems)
    {
        int m = servers.Count;
        if (string.IsNullOrWhiteSpace(request.DeviceId)) problems.Add(new("deviceId", "is missing or blank; give the device's identifier."));
        else if (request.DeviceId.Length > 256) problems.Add(new("deviceId", $"is {request.DeviceId.Length} characters long; at most 256 are allowed."));

        double u = double.NaN;
        if (request.Uncertainty is double given && request.TopK is not null) problems.Add(new("uncertainty", "give either 'uncertainty' or 'topK', not both."));
        else if (request.Uncertainty is double value)
        {
            if (!(value >= 0 && value <= 1)) problems.Add(new("uncertainty", $"must be a number in [0, 1] (got {value})."));
            u = value;
        }
        else if (request.TopK is { } topK)
        {
            if (topK.Count > 1000) problems.Add(new("topK", $"has {topK.Count} entries; send at most 1000 (3K = 30 is the reference)."));
            else
            {
                var candidates = new TokenProbability[topK.Count];
                bool ok = true;
                for (int k = 0; k < topK.Count; k++)
                {
                    if (topK[k] is not { Probability: double p } entry)
                    {
                        problems.Add(new($"topK[{k}].probability", "is missing; every candidate needs a probability in [0, 1]."));
                        ok = false;
                        continue;
                    }
                    candidates[k] = new TokenProbability(entry.Token ?? "", p);
                }
                if (ok)
                {
                    try { u = signal.Compute(TopKDistribution.FromTokens(candidates)); }
                    catch (InvalidDistributionException ex) { problems.Add(new("topK", ex.Message)); }
                }
            }
        }
        else problems.Add(new("uncertainty", "is missing: give 'uncertainty' (a number in [0, 1]) or 'topK' (a list of {token, probability})."));

        if (request.PayloadBytes is not double payload) problems.Add(new("payloadBytes", "is missing; give the prompt size in bytes (UTF-8)."));
        else if (!(payload >= 0) || double.IsInfinity(payload)) problems.Add(new("payloadBytes", $"must be a finite number >= 0 (got {payload})."));

        if (request.LocalComputeS is not double local) problems.Add(new("localComputeS", "is missing; give the device's estimate of its local answer time in seconds."));
        else if (!(local > 0) || double.IsInfinity(local)) problems.Add(new("localComputeS", $"must be a finite number > 0 s (got {local})."));

        double capacity = request.DeviceCapacityFlops ?? parameters.Physical.LocalCapacityFlops;
        if (!(capacity > 0) || double.IsInfinity(capacity)) problems.Add(new("deviceCapacityFlops", $"must be a finite number > 0 FLOP/s when given (got {capacity})."));

        var gains = new double[m];
        if (request.ChannelGains is not null && request.SnrDb is not null) problems.Add(new("channelGains", "give either 'channelGains' or 'snrDb', not both."));
        else if (request.ChannelGains is { } g)
        {
            if (g.Count != m) problems.Add(new("channelGains", $"has {g.Count} values; give one |h|^2 per configured server ({m}: {string.Join(", ", servers.Select(s => s.Id))})."));
            else for (int j = 0; j < m; j++)
            {
                if (!(g[j] >= 0) || double.IsInfinity(g[j])) problems.Add(new($"channelGains[{j}]", $"must be a finite number >= 0 (got {g[j]})."));
                gains[j] = g[j];
            }
        }
        else if (request.SnrDb is { } snr)
        {
            if (snr.Count != m) problems.Add(new("snrDb", $"has {snr.Count} values; give one SNR in dB per configured server ({m}: {string.Join(", ", servers.Select(s => s.Id))})."));
            else for (int j = 0; j < m; j++)
            {
                if (!double.IsFinite(snr[j]) || snr[j] > 300 || snr[j] < -300) problems.Add(new($"snrDb[{j}]", $"must be a finite number of dB in [-300, 300] (got {snr[j]})."));
                else gains[j] = GainFromSnrDb(snr[j], j);
            }
        }
        else problems.Add(new("channelGains", $"is missing: give 'channelGains' (|h|^2) or 'snrDb' for each of the {m} servers."));

        if (problems.Count > 0) return null;
        return new DeviceDemand(new UserDemand
        {
            Id = request.DeviceId!,
            Uncertainty = u,
            PayloadBytes = request.PayloadBytes!.Value,
            LocalDelayS = request.LocalComputeS!.Value,
            DeviceCapacityFlops = capacity,
        }, gains);
    }

    /// <summary>
    /// |h|^2 such that P |h|^2 / (N0 B_j) equals the reported SNR: the device measures SNR without the interference of the
    /// epoch (which the gateway adds itself from the other devices' gains).
    /// </summary>
    public double GainFromSnrDb(double snrDb, int server)
        => Math.Pow(10, snrDb / 10) * parameters.Physical.NoiseDensityWPerHz * servers[server].BandwidthHz / parameters.Physical.TransmitPowerW;
}
