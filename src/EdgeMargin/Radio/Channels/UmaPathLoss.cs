using EdgeMargin.Sampling;

namespace EdgeMargin.Radio.Channels;

/// <summary>
/// 3GPP TR 38.901 UMa (urban macro cells, base stations above rooftops): LOS and NLOS path loss of Table 7.4.1-1
/// (NLOS = max(LOS, NLOS')), the LOS probability of Table 7.4.2-1 and log-normal shadowing with sigma_SF = 4 dB (LOS)
/// or 6 dB (NLOS).
/// </summary>
/// <remarks>
/// <para>
/// Draws per link, in this order and only when needed: one uniform for the LOS state (<see cref="LinkCondition.Random"/>);
/// for terminals at 13 m or higher, one uniform for whether the effective environment height h_E is 1 m (probability
/// 1 / (1 + C(d_2D, h_UT)), note 1) and, when it is not, one integer draw of h_E from {12, 15, ..., h_UT - 1.5}; then one
/// standard normal for the shadowing. One h_E serves both the LOS formula and the LOS part of the NLOS maximum (ns-3
/// draws it again for the second). Shadowing is independent per link (the correlation distances of Table 7.5-6,
/// 37 m LOS and 50 m NLOS, only matter once users move, and are not modelled).
/// </para>
/// <para>
/// Validity: d_2D from 10 m to 5 km, h_UT 1.5 to 22.5 m, h_BS = 25 m, f_c 0.5 to 100 GHz. Closer than 10 m a user is
/// given the 10 m loss; beyond 5 km the formulas are extrapolated.
/// </para>
/// </remarks>
public sealed class UmaPathLoss : IPathLossModel
{
    /// <summary>Name in configs.</summary>
    public const string ModelName = "3gpp-uma";

    /// <summary>Creates the model; validation of heights and carrier is the caller's (the Scenarios layer's channel options).</summary>
    public UmaPathLoss(double carrierHz, double bsHeightM = Tr38901.UmaBsHeightM, double utHeightM = 1.5,
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

    /// <summary>Base-station antenna height, metres (the standard's 25 m).</summary>
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
    public bool IsRandom => Condition == LinkCondition.Random || Shadowing || UtHeightM >= 13;

    /// <inheritdoc />
    public LargeScaleGain Draw(in Link link, SeededRandom? random)
    {
        if (IsRandom) ArgumentNullException.ThrowIfNull(random);
        double d = Math.Max(link.Distance2DM, Tr38901.MinDistance2DM);
        bool los = Condition switch
        {
            LinkCondition.LineOfSight => true,
            LinkCondition.NonLineOfSight => false,
            _ => random!.NextDouble() < Tr38901.UmaLosProbability(d, UtHeightM),
        };
        double hE = EnvironmentHeight(d, random);
        double pl = los ? Tr38901.UmaLosDb(d, BsHeightM, UtHeightM, CarrierHz, hE) : Tr38901.UmaNlosDb(d, BsHeightM, UtHeightM, CarrierHz, hE);
        double sf = Shadowing ? (los ? Tr38901.UmaShadowingLosDb : Tr38901.UmaShadowingNlosDb) * random!.NextGaussian() : 0;
        return new LargeScaleGain(Math.Pow(10, -(pl + sf) / 10), los, pl, sf);
    }

    /// <summary>The effective environment height h_E of one link at <paramref name="distance2DM"/> (note 1), drawn when h_UT >= 13 m.</summary>
    internal double EnvironmentHeight(double distance2DM, SeededRandom? random)
    {
        // Terminals below 13 m always have h_E = 1 m; nothing is drawn, so the common case keeps two draws per link.
        if (UtHeightM < 13) return 1;
        double c = Tr38901.UmaEnvironmentHeightC(distance2DM, UtHeightM);
        if (random!.NextDouble() < 1 / (1 + c)) return 1;
        int choices = 1 + (int)Math.Floor((Math.Max(12, UtHeightM - 1.5) - 12) / 3);
        return 12 + 3 * random.NextInt(choices);
    }
}
