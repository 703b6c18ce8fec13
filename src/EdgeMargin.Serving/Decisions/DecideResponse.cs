namespace EdgeMargin.Serving.Decisions;

/// <summary>The gateway's answer to one device for one epoch.</summary>
/// <param name="Decision">"local" or "offload".</param>
/// <param name="ServerId">The server to send the prompt to (null when local).</param>
/// <param name="PredictedDelayMs">
/// The model's delay for this device under the epoch's whole assignment, ms; null where the model gives no finite delay
/// (JSON has no infinity, and a value that cannot be written must never turn a decision into an error).
/// </param>
/// <param name="EpochId">The epoch the request was decided in (see <c>GET /v1/epochs/{id}</c>).</param>
/// <param name="Uncertainty">The u the decision used (computed by the gateway when the device sent top-k).</param>
/// <param name="EpochSize">How many requests the epoch decided together.</param>
public sealed record DecideResponse(string Decision, string? ServerId, double? PredictedDelayMs, long EpochId, double Uncertainty, int EpochSize)
{
    /// <summary>Value of <see cref="Decision"/> for answering on the device.</summary>
    public const string Local = "local";

    /// <summary>Value of <see cref="Decision"/> for sending the prompt to <see cref="ServerId"/>.</summary>
    public const string Offload = "offload";

    /// <summary>A delay in seconds as the milliseconds a response carries: null unless finite.</summary>
    public static double? Milliseconds(double seconds) => double.IsFinite(seconds * 1000) ? seconds * 1000 : null;
}
