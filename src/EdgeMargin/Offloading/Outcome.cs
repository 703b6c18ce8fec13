namespace EdgeMargin.Offloading;

/// <summary>The evaluation of one assignment on one scenario: per-user delays and correctness, and their totals.</summary>
public sealed class Outcome
{
    internal Outcome(UserOutcome[] users)
    {
        Users = users;
        int known = 0, correct = 0;
        foreach (var u in users)
        {
            LocalS += u.LocalS;
            CommS += u.CommS;
            EdgeS += u.EdgeS;
            WaitS += u.WaitS;
            if (u.Offloaded) Offloaded++;
            if (u.Correct is bool c)
            {
                known++;
                if (c) correct++;
            }
        }
        // + WaitS adds an exact zero in the static model, so its totals keep their bits.
        TotalDelayS = LocalS + CommS + EdgeS + WaitS;
        Accuracy = known == users.Length && known > 0 ? (double)correct / known : null;
    }

    /// <summary>Per-user outcome, index i.</summary>
    public IReadOnlyList<UserOutcome> Users { get; }

    /// <summary>Sum of all users' delays, seconds.</summary>
    public double TotalDelayS { get; }

    /// <summary>Sum of local compute times, seconds.</summary>
    public double LocalS { get; }

    /// <summary>Sum of uplink times, seconds.</summary>
    public double CommS { get; }

    /// <summary>Sum of edge compute times, seconds.</summary>
    public double EdgeS { get; }

    /// <summary>Sum of waits at the servers before service (0 unless the scenario carries a backlog), seconds.</summary>
    public double WaitS { get; }

    /// <summary>Users offloaded.</summary>
    public int Offloaded { get; }

    /// <summary>Fraction of users answered correctly, or null when any correctness is unknown.</summary>
    public double? Accuracy { get; }
}
