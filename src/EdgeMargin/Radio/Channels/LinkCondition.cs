namespace EdgeMargin.Radio.Channels;

/// <summary>
/// How a 3GPP model decides a link's line-of-sight state, as ns-3's channel-condition models do: drawn from the
/// scenario's LOS probability (TR 38.901 Table 7.4.2-1), or forced, for studies of one state alone.
/// </summary>
public enum LinkCondition
{
    /// <summary>LOS with the scenario's probability at the link's distance (one uniform draw per link).</summary>
    Random,

    /// <summary>Every link in line of sight.</summary>
    LineOfSight,

    /// <summary>Every link out of line of sight.</summary>
    NonLineOfSight,
}
