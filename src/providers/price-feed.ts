/** A price feed (CoinGecko-/CoinMarketCap-like): answers the current mid and its timestamp. */
import { plainMidAt } from '../market/series.js';
import type { MarketView } from '../engine/ports.js';
import type { PriceAnswer } from './answers.js';

export class PriceFeedModel {
  constructor(private readonly market: MarketView, private readonly quoteOf: (symbol: string) => string) {}

  /** The value the feed publishes at `t`. Aggregators publish the consolidated mid. */
  quote(instrument: string, t: number): PriceAnswer {
    return { kind: 'price', instrument, price: plainMidAt(this.market, instrument, t), currency: this.quoteOf(instrument), ts: t };
  }
}
