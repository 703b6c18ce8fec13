namespace EdgeMargin.Radio.Channels;

/// <summary>
/// The formulas of 3GPP TR 38.901 (V17/V18, section 7.4) for the two outdoor scenarios EdgeMargin offers, as pure
/// functions: path loss (Table 7.4.1-1), LOS probability (Table 7.4.2-1) and the shadow-fading standard deviations
/// (Table 7.4.1-1). Distances and heights in metres, carrier in Hz (the table's f_c is in GHz: converted here).
/// </summary>
/// <remarks>
/// Checked against the standard's text and two open implementations read for the purpose (ns-3's
/// ThreeGppPropagationLossModel and its test vectors; Sionna's tr38901 scenarios): the constants agree.
/// One deliberate difference from ns-3: since 2025 ns-3 uses sigma_SF = 7 dB for every link below 6 GHz, the value of
/// the sub-6 GHz outdoor-to-indoor compatibility model (Table 7.4.3-3); EdgeMargin's users are outdoors, so the
/// outdoor values of Table 7.4.1-1 apply (as in Sionna).
/// </remarks>
public static class Tr38901
{
    /// <summary>c as Table 7.4.1-1 note 1 fixes it for the breakpoint distance, m/s.</summary>
    public const double SpeedOfLightMps = 3.0e8;

    /// <summary>Smallest 2D distance the UMi and UMa formulas are given for, metres.</summary>
    public const double MinDistance2DM = 10;

    /// <summary>Largest 2D distance the UMi and UMa formulas are given for, metres.</summary>
    public const double MaxDistance2DM = 5000;

    /// <summary>Lowest carrier the scenarios are specified for (0.5 GHz), Hz.</summary>
    public const double MinCarrierHz = 0.5e9;

    /// <summary>Highest carrier the scenarios are specified for (100 GHz), Hz.</summary>
    public const double MaxCarrierHz = 100e9;

    /// <summary>Lowest user-terminal height of Table 7.4.1-1, metres.</summary>
    public const double MinUtHeightM = 1.5;

    /// <summary>Highest user-terminal height of Table 7.4.1-1, metres.</summary>
    public const double MaxUtHeightM = 22.5;

    /// <summary>UMi-Street Canyon base-station height of Table 7.4.1-1, metres.</summary>
    public const double UmiBsHeightM = 10;

    /// <summary>UMa base-station height of Table 7.4.1-1, metres.</summary>
    public const double UmaBsHeightM = 25;

    /// <summary>UMi-Street Canyon shadow fading, LOS, dB (Table 7.4.1-1).</summary>
    public const double UmiShadowingLosDb = 4;

    /// <summary>UMi-Street Canyon shadow fading, NLOS, dB (Table 7.4.1-1).</summary>
    public const double UmiShadowingNlosDb = 7.82;

    /// <summary>UMa shadow fading, LOS, dB (Table 7.4.1-1).</summary>
    public const double UmaShadowingLosDb = 4;

    /// <summary>UMa shadow fading, NLOS, dB (Table 7.4.1-1).</summary>
    public const double UmaShadowingNlosDb = 6;

    /// <summary>UMi's effective environment height h_E (Table 7.4.1-1 note 1), metres.</summary>
    public const double UmiEnvironmentHeightM = 1;

    /// <summary>d_3D = sqrt(d_2D^2 + (h_BS - h_UT)^2).</summary>
    public static double Distance3DM(double distance2DM, double bsHeightM, double utHeightM)
    {
        double dh = bsHeightM - utHeightM;
        return Math.Sqrt(distance2DM * distance2DM + dh * dh);
    }

    /// <summary>Breakpoint distance d'_BP = 4 h'_BS h'_UT f_c / c with effective heights h' = h - h_E (note 1).</summary>
    public static double BreakpointDistanceM(double bsHeightM, double utHeightM, double environmentHeightM, double carrierHz)
        => 4 * (bsHeightM - environmentHeightM) * (utHeightM - environmentHeightM) * carrierHz / SpeedOfLightMps;

    /// <summary>UMi-Street Canyon LOS path loss, dB: PL1 = 32.4 + 21 log10(d_3D) + 20 log10(f_c) up to d'_BP, then PL2.</summary>
    public static double UmiLosDb(double distance2DM, double bsHeightM, double utHeightM, double carrierHz)
    {
        double d3 = Distance3DM(distance2DM, bsHeightM, utHeightM), fc = Math.Log10(carrierHz / 1e9);
        double bp = BreakpointDistanceM(bsHeightM, utHeightM, UmiEnvironmentHeightM, carrierHz);
        if (distance2DM <= bp) return 32.4 + 21 * Math.Log10(d3) + 20 * fc;
        double dh = bsHeightM - utHeightM;
        return 32.4 + 40 * Math.Log10(d3) + 20 * fc - 9.5 * Math.Log10(bp * bp + dh * dh);
    }

    /// <summary>
    /// UMi-Street Canyon NLOS path loss, dB: max(PL_LOS, PL'_NLOS) with
    /// PL'_NLOS = 35.3 log10(d_3D) + 22.4 + 21.3 log10(f_c) - 0.3 (h_UT - 1.5).
    /// </summary>
    public static double UmiNlosDb(double distance2DM, double bsHeightM, double utHeightM, double carrierHz)
    {
        double d3 = Distance3DM(distance2DM, bsHeightM, utHeightM);
        double nlos = 35.3 * Math.Log10(d3) + 22.4 + 21.3 * Math.Log10(carrierHz / 1e9) - 0.3 * (utHeightM - 1.5);
        return Math.Max(UmiLosDb(distance2DM, bsHeightM, utHeightM, carrierHz), nlos);
    }

    /// <summary>UMa LOS path loss, dB: PL1 = 28 + 22 log10(d_3D) + 20 log10(f_c) up to d'_BP, then PL2 with 9 log10(...).</summary>
    public static double UmaLosDb(double distance2DM, double bsHeightM, double utHeightM, double carrierHz, double environmentHeightM)
    {
        double d3 = Distance3DM(distance2DM, bsHeightM, utHeightM), fc = Math.Log10(carrierHz / 1e9);
        double bp = BreakpointDistanceM(bsHeightM, utHeightM, environmentHeightM, carrierHz);
        if (distance2DM <= bp) return 28 + 22 * Math.Log10(d3) + 20 * fc;
        double dh = bsHeightM - utHeightM;
        return 28 + 40 * Math.Log10(d3) + 20 * fc - 9 * Math.Log10(bp * bp + dh * dh);
    }

    /// <summary>
    /// UMa NLOS path loss, dB: max(PL_LOS, PL'_NLOS) with PL'_NLOS = 13.54 + 39.08 log10(d_3D) + 20 log10(f_c) - 0.6 (h_UT - 1.5).
    /// </summary>
    public static double UmaNlosDb(double distance2DM, double bsHeightM, double utHeightM, double carrierHz, double environmentHeightM)
    {
        double d3 = Distance3DM(distance2DM, bsHeightM, utHeightM);
        double nlos = 13.54 + 39.08 * Math.Log10(d3) + 20 * Math.Log10(carrierHz / 1e9) - 0.6 * (utHeightM - 1.5);
        return Math.Max(UmaLosDb(distance2DM, bsHeightM, utHeightM, carrierHz, environmentHeightM), nlos);
    }

    /// <summary>UMi-Street Canyon LOS probability (Table 7.4.2-1): 1 up to 18 m, then 18/d + exp(-d/36) (1 - 18/d).</summary>
    public static double UmiLosProbability(double distance2DM)
        => distance2DM <= 18 ? 1 : 18 / distance2DM + Math.Exp(-distance2DM / 36) * (1 - 18 / distance2DM);

    /// <summary>
    /// UMa LOS probability (Table 7.4.2-1): 1 up to 18 m, then
    /// [18/d + exp(-d/63) (1 - 18/d)] (1 + C'(h_UT) (5/4) (d/100)^3 exp(-d/150)), C' = 0 up to 13 m, ((h_UT - 13)/10)^1.5 above.
    /// </summary>
    public static double UmaLosProbability(double distance2DM, double utHeightM)
    {
        double d = distance2DM;
        if (d <= 18) return 1;
        double c = utHeightM <= 13 ? 0 : Math.Pow((utHeightM - 13) / 10, 1.5);
        return (18 / d + Math.Exp(-d / 63) * (1 - 18 / d)) * (1 + c * 1.25 * Math.Pow(d / 100, 3) * Math.Exp(-d / 150));
    }

    /// <summary>
    /// C(d_2D, h_UT) of Table 7.4.1-1 note 1 for UMa: h_E = 1 m with probability 1 / (1 + C), else drawn from
    /// {12, 15, ..., h_UT - 1.5}. C = 0 below 13 m; ((h_UT - 13) / 10)^1.5 g(d_2D) from 13 to 23 m, with
    /// g = 0 up to 18 m and (5/4) (d/100)^3 exp(-d/150) beyond.
    /// </summary>
    public static double UmaEnvironmentHeightC(double distance2DM, double utHeightM)
    {
        if (utHeightM < 13 || distance2DM <= 18) return 0;
        double g = 1.25 * Math.Pow(distance2DM / 100, 3) * Math.Exp(-distance2DM / 150);
        return Math.Pow((utHeightM - 13) / 10, 1.5) * g;
    }

    /// <summary>The largest h_E UMa can draw for terminals at <paramref name="utHeightM"/> (note 1), metres.</summary>
    public static double UmaMaxEnvironmentHeightM(double utHeightM)
        => utHeightM < 13 ? 1 : 12 + 3 * Math.Floor((Math.Max(12, utHeightM - 1.5) - 12) / 3);
}
