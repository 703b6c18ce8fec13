namespace EdgeMargin.Radio;

/// <summary>Shannon uplink rate with inter-cell interference.</summary>
public static class UplinkRate
{
    /// <summary>SINR = received / (interference + noise), all in watts.</summary>
    public static double Sinr(double receivedPowerW, double interferenceW, double noiseW) => Sinr(receivedPowerW, interferenceW + noiseW);

    /// <summary>SINR = received / (interference + noise) with the denominator already summed, for callers that reuse it.</summary>
    public static double Sinr(double receivedPowerW, double interferencePlusNoiseW) => receivedPowerW / interferencePlusNoiseW;

    /// <summary>R = bandwidth * log2(1 + SINR), bit/s.</summary>
    public static double BitsPerSecond(double bandwidthHz, double sinr) => bandwidthHz * Math.Log2(1 + sinr);
}
