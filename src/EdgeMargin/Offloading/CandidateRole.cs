namespace EdgeMargin.Offloading;

/// <summary>What a greedy pass may do with a user.</summary>
public enum CandidateRole : byte
{
    /// <summary>Never offloaded.</summary>
    Excluded = 0,

    /// <summary>Offloaded only while its gap is negative (GOA phase 2).</summary>
    Optional = 1,

    /// <summary>Must be offloaded (GOA phase 1, u &gt; tau); placed even when its gap is positive.</summary>
    Forced = 2,
}
