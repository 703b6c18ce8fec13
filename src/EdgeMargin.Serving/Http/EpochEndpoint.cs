using System.Text.Json;
using EdgeMargin.Offloading;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Decisions;
using Microsoft.AspNetCore.Http;

namespace EdgeMargin.Serving.Http;

/// <summary>
/// <c>GET /v1/epochs/{id}</c>: one recent epoch as the policy saw it (every user's inputs, the servers, tau, the seed) and what it
/// decided, so anyone can rebuild the scenario, rerun the policy and check that every device got the answer of one consistent assignment.
/// </summary>
internal sealed class EpochEndpoint(EpochHistory history, string mode)
{
    public async Task HandleAsync(HttpContext context, string idText)
    {
        if (mode == EpochLogModes.Off)
        {
            await Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Epoch log off",
                "This gateway keeps no epochs (epochLog is 'off' in its config); set it to 'redacted' or 'full' to inspect decisions.");
            return;
        }
        if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id))
        {
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid epoch id", $"'{idText}' is not an epoch id; ids are positive integers.", [new("id", "must be a positive integer")]);
            return;
        }
        if (!history.TryGet(id, out var epoch))
        {
            await Problem.WriteAsync(context, StatusCodes.Status404NotFound, "Epoch not found",
                $"Epoch {id} was never decided or is older than the {history.Capacity} epochs kept (epochHistory in the config).");
            return;
        }
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, Describe(epoch, redacted: mode == EpochLogModes.Redacted), DecideEndpoint.ResponseJson, context.RequestAborted);
    }

    /// <summary>The view of an epoch; <paramref name="redacted"/> drops device ids and channel gains (a location proxy).</summary>
    internal static EpochView Describe(EpochRecord epoch, bool redacted = false)
    {
        int m = epoch.Servers.Count;
        var users = new EpochUserView[epoch.Users.Count];
        for (int i = 0; i < users.Length; i++)
        {
            var u = epoch.Users[i];
            int j = epoch.Assignment[i];
            users[i] = new EpochUserView(redacted ? null : u.Id, u.Uncertainty, u.PayloadBytes, u.LocalDelayS, u.DeviceCapacityFlops,
                redacted ? null : epoch.ChannelGains.AsSpan(i * m, m).ToArray(), j == Assignment.Local ? DecideResponse.Local : DecideResponse.Offload,
                j == Assignment.Local ? null : epoch.Servers[j].Id, j, DecideResponse.Milliseconds(epoch.PredictedDelayS[i]));
        }
        return new EpochView(epoch.Id, epoch.Tau, epoch.Policy, epoch.EngineName, epoch.Seed, epoch.Mode, epoch.DecideSeconds * 1000, epoch.DecidedAtUtc,
            epoch.Servers.Select(x => new EpochServerView(x.Id, x.BandwidthHz, x.CapacityFlops)).ToArray(), epoch.Unavailable, users,
            epoch.Assignment.OffloadedCount, epoch.Assignment.UnservedForced);
    }
}

/// <summary>
/// JSON view of an epoch. <see cref="Servers"/> are the servers the policy decided over (those available then);
/// each user's channel gains and server index refer to that list, so the epoch can be rebuilt and decided again as is.
/// </summary>
public sealed record EpochView(long EpochId, double Tau, string Policy, string Engine, ulong Seed, string Mode, double DecideMs, DateTimeOffset DecidedAt,
    IReadOnlyList<EpochServerView> Servers, IReadOnlyList<string> UnavailableServers, IReadOnlyList<EpochUserView> Users, int Offloaded, int UnservedForced);

/// <summary>JSON view of a server in an epoch.</summary>
public sealed record EpochServerView(string Id, double BandwidthHz, double CapacityFlops);

/// <summary>JSON view of one user of an epoch: its inputs as the policy saw them and its decision (serverIndex into the epoch's servers; -1 = local).</summary>
/// <remarks>
/// DeviceId and ChannelGains are null in a redacted epoch log; PredictedDelayMs is null where the model gives no finite
/// delay (a forced user with a dead channel in reference mode, or absurd inputs), as JSON has no infinity.
/// </remarks>
public sealed record EpochUserView(string? DeviceId, double Uncertainty, double PayloadBytes, double LocalComputeS, double DeviceCapacityFlops,
    double[]? ChannelGains, string Decision, string? ServerId, int ServerIndex, double? PredictedDelayMs);
