using EdgeMargin.Scenarios;
using EdgeMargin.Scenarios.Input;
using EdgeMargin.Uncertainty;

namespace EdgeMargin.Serving.Decisions;

/// <summary>
/// Turns a decide request into a <see cref="DeviceDemand"/>, or lists every invalid field: a thin mapping of the request
/// onto the core's <see cref="EpochInputBuilder"/>, which applies the bounds of <see cref="Scenario.Create"/>, so that a
/// batch of accepted requests always forms a valid epoch. Each request is validated alone: one bad device can never
/// fail the epoch of the others.
/// </summary>
internal sealed class DecideRequestValidator(SystemParameters parameters, IReadOnlyList<EdgeServer> servers, IUncertaintySignal signal)
{
    /// <summary>The request's spelling of the two fields a scenario file names differently.</summary>
    internal static readonly UserInputNames RequestNames = new() { Id = "deviceId", LocalTime = "localComputeS" };

    private readonly EpochInputBuilder _builder = new(parameters, servers, signal, RequestNames);

    public DeviceDemand? Validate(DecideRequest request, List<FieldProblem> problems)
    {
        var found = new List<InputProblem>();
        var input = new UserInput
        {
            Id = request.DeviceId,
            Uncertainty = request.Uncertainty,
            TopK = request.TopK,
            PayloadBytes = request.PayloadBytes,
            LocalTimeS = request.LocalComputeS,
            DeviceCapacityFlops = request.DeviceCapacityFlops,
            ChannelGains = request.ChannelGains,
            SnrDb = request.SnrDb,
        };
        var built = _builder.Build(input, "", fallbackId: null, found);
        foreach (var p in found) problems.Add(new(p.Path, p.Message));
        return built is null ? null : new DeviceDemand(built.Demand, built.ChannelGains);
    }

    /// <summary>|h|^2 such that P |h|^2 / (N0 B_j) equals the reported SNR (see <see cref="EpochInputBuilder.GainFromSnrDb"/>).</summary>
    public double GainFromSnrDb(double snrDb, int server) => _builder.GainFromSnrDb(snrDb, server);
}
