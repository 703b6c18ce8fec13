using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// 3GPP TR 38.901 UMi-Street Canyon (urban micro cells, base stations below rooftops): LOS and NLOS path loss of
/// Table 7.4.1-1 (NLOS = max(LOS, NLOS')), the LOS probability of Table 7.4.2-1 and log-normal shadowing with
/// sigma_SF = 4 dB (LOS) or 7.82 dB (NLOS).
/// </summary>
/// <remarks>
/// <para>
/// Draws per link, in this order and only when enabled: one uniform for the LOS state (<see cref="LinkCondition.Random"/>),
/// then one standard normal for the shadowing. Shadowing is independent per link: the standard's spatial correlation
/// (Table 7.5-6: 10 m LOS, 13 m NLOS) only matters once users move, and is not modelled.
/// </para>
/// <para>
/// Validity: d_2D from 10 m to 5 km, h_UT 1.5 to 22.5 m, h_BS = 10 m, f_c 0.5 to 100 GHz. A user closer than 10 m is
/// given the 10 m loss (the formulas say nothing nearer, and the clamp keeps the gain from growing past what the table
/// covers, as minDistanceM does for free space); beyond 5 km the formulas are extrapolated.
/// </para>
/// </remarks>
public sealed class UmiStreetCanyonPathLoss : IPathLossModel
{
    /// <summary>Name in configs.</summary>
    public const string ModelName = "3gpp-umi";

    /// <summary>Creates the model; validation of heights and carrier is the caller's (the Scenarios layer's channel options).</summary>
    public UmiStreetCanyonPathLoss(double carrierHz, double bsHeightM = Tr38901.UmiBsHeightM, double utHeightM = 1.5,
        LinkCondition condition = LinkCondition.Random, bool shadowing = true)
    {
        CarrierHz = carrierHz;
        BsHeightM = bsHeightM;
        UtHeightM = utHeightM;
        Condition = condition;
        Shadowing = shadowing;
    }

    /// <summary>Carrier frequency, Hz.</summary>
    public double CarrierHz { get; }

    /// <summary>Base-station antenna height, metres (the standard's 10 m).</summary>
    public double BsHeightM { get; }

    /// <summary>User-terminal height, metres.</summary>
    public double UtHeightM { get; }

    /// <summary>How the LOS state is chosen.</summary>
    public LinkCondition Condition { get; }

    /// <summary>Whether log-normal shadowing is drawn.</summary>
    public bool Shadowing { get; }

    /// <inheritdoc />
    public string Name => ModelName;

    /// <inheritdoc />
    public bool IsRandom => Condition == LinkCondition.Random || Shadowing;

    /// <inheritdoc />
    public LargeScaleGain Draw(in Link link, SeededRandom? random)
    {
        if (IsRandom) ArgumentNullException.ThrowIfNull(random);
        double d = Math.Max(link.Distance2DM, Tr38901.MinDistance2DM);
        bool los = Condition switch
        {
            LinkCondition.LineOfSight => true,
            LinkCondition.NonLineOfSight => false,
            _ => random!.NextDouble() < Tr38901.UmiLosProbability(d),
        };
        double pl = los ? Tr38901.UmiLosDb(d, BsHeightM, UtHeightM, CarrierHz) : Tr38901.UmiNlosDb(d, BsHeightM, UtHeightM, CarrierHz);
        double sf = Shadowing ? (los ? Tr38901.UmiShadowingLosDb : Tr38901.UmiShadowingNlosDb) * random!.NextGaussian() : 0;
        return new LargeScaleGain(Math.Pow(10, -(pl + sf) / 10), los, pl, sf);
    }
}
