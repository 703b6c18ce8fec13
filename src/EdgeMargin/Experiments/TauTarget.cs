namespace EdgeMargin.Experiments;

/// <summary>What tau is chosen to achieve.</summary>
public enum TauTarget
{
    /// <summary>A fraction of queries offloaded (threshold-only view).</summary>
    OffloadRate,

    /// <summary>An accuracy (threshold-only view: SLM answers kept queries, LLM the offloaded).</summary>
    Accuracy,

    /// <summary>The best GOA accuracy whose mean delay per user stays within a budget at every user count (simulated).</summary>
    DelayBudget,
}
