namespace EdgeMargin.Offloading;

/// <summary>What happened to one user under an assignment.</summary>
/// <param name="Server">Server index, or <see cref="Assignment.Local"/>.</param>
/// <param name="LocalS">Local compute time (0 when offloaded).</param>
/// <param name="CommS">Uplink time (0 when local).</param>
/// <param name="EdgeS">Edge compute time (0 when local).</param>
/// <param name="Correct">Whether the answering model is correct, when known.</param>
/// <param name="WaitS">Wait at the server before its service starts, from the server's backlog (<see cref="Scenarios.ServerLoad.WaitS"/>;
/// 0 when local and in the static model).</param>
public readonly record struct UserOutcome(int Server, double LocalS, double CommS, double EdgeS, bool? Correct, double WaitS = 0)
{
    /// <summary>End-to-end delay of this user.</summary>
    public double DelayS => LocalS + CommS + EdgeS + WaitS;

    /// <summary>True when the user offloads.</summary>
    public bool Offloaded => Server != Assignment.Local;
}
