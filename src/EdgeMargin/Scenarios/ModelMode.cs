namespace EdgeMargin.Scenarios;

/// <summary>Which formulas the delay model follows.</summary>
public enum ModelMode
{
    /// <summary>
    /// EdgeMargin's corrected model: payload bytes are converted to bits (x8), and a pair whose delay is not finite
    /// (zero rate, zero capacity) is never chosen, even for a user that must be offloaded.
    /// </summary>
    Default,

    /// <summary>
    /// The reference code's formulas, for reproducing the paper: the byte count is used as a bit count, and an
    /// infinite delay is allowed (a forced user may be sent to a server that can never answer it).
    /// </summary>
    Reference,
}
