//! Words that never start or end a topic: English function words, speech fillers, and
//! the vocabulary every podcast shares ("episode", "listeners"). General lists, not tuned
//! to one show; a site adds its own in `shownotes.toml` (`[topics] ignore`).

pub const STOPWORDS: &str = "
a about above across actually after again against ago ah ahead all almost along already also although always am amazing among an and another any anybody anyhow anymore anyone anything anyway anyways anywhere are aren't around as ask asked asking at aw away awesome awful
back bad basically be became because become becomes been before began begin behind being believe below beside besides best better between beyond big bit both bottom brief briefly bring brought but by bye
call called calls came can can't cannot cause certain certainly check chance change changed changes cheers close come comes coming common completely consider considering cool could couldn't course crazy cut
dad day days deal dear definitely did didn't different do does doesn't doing don't done down during
each early easily easy either else elsewhere end ended enough entire entirely especially etc even ever every everybody everyone everything everywhere exactly example excited exciting
fact fair fairly famous fantastic far feel feels felt few fine first five folks follow following for forward found four free from front fun funny further
gave get gets getting give given gives giving glad go goes going gone gonna good got gotta gotten great greetings guess guy guys
had hadn't half happen happened happens happy hard has hasn't have haven't having he he's hear heard hello help helpful helps her here here's hey hi high him himself his hit hmm hold honestly hope hopefully how however huge huh
i i'd i'll i'm i've idea ideas if imagine important in indeed information instead interesting into is isn't it it'd it'll it's its itself
just
keep keeps kind kinda knew know known knows
large last late lately later least less let let's lets like liked likes line little live long look looked looking looks lot lots love loved lovely
made main mainly make makes making man many matter may maybe me mean means meant meanwhile mention mentioned might mind mine minute minutes more moreover most mostly move much must my myself
name named names near nearly neat need needed needs neither never new next nice nine no nobody non none nope nor normal normally not nothing now number
obviously of off often oh ok okay old on once one ones only onto open or other others otherwise ought our ours ourselves out over overall own
part particular particularly past people perfect perhaps person place play please plus point points possible possibly pretty probably problem problems put
quick quickly quite
rather read real really reason recently regarding remember right run
said same saw say saying says second see seeing seem seemed seems seen self send sense set seven several shall she she's short should shouldn't show showed shows side similar simple simply since six small so some somebody somehow someone something sometimes somewhat somewhere soon sorry sort sorts start started starting starts still stuff such super supposed sure
take taken takes taking talk talked talking talks tell tells ten terrible than thank thanks that that's the their theirs them themselves then there there's therefore these they they'd they'll they're they've thing things think thinking thinks third this those though thought thoughts three through throughout thus time times to today together told too took top totally toward towards tried tries true truly try trying turn turns twice two type types
uh uhm um under unless until up upon us use used useful uses using usual usually
various very via
wait want wanted wants was wasn't watch way ways we we'd we'll we're we've week weeks weird welcome well went were weren't what what's whatever when where whether which while who who's whole whom whose why will wish with within without won't wonder wonderful word words work worked working works world would wouldn't wow
yeah year years yes yet you you'd you'll you're you've your yours yourself yup
zero
";

/// Common verbs in their usual forms: they edge phrases ("PSF runs", "spend 15") but are
/// not names.
pub const VERBS: &str = "
add adds added adding allow allows allowed allowing apply applies applied appear appears appeared build builds built building
buy buys bought choose chose chosen close closes closed create creates created creating decide decided describe describes
described describing discover discovered explain explains explained explaining fix fixes fixed fixing generate generates
happened include includes included including install installs installed installing introduce introduces introduced
keep kept learn learns learned learning leave leaves left listen listening lose lost manage managed mentioned need
offer offers offered pay paid pick picked post posted provide provides provided pull pulled push pushed reads require requires required runs running ran save saves saved says search searched sell sells sold share shares
shared ship shipped shows showed shown solve solved spend spends spent support supports supported suggest suggested
teach taught titled tracked wrote write writes writing written
";

/// Podcast and speech vocabulary: never a topic on its own.
pub const SPEECH_WORDS: &str = "
episode episodes show podcast podcasts listener listeners audience host hosts guest guests cohost co-host chat conversation
folks everybody anybody somebody friend friends thanks thank welcome hello hi bye goodbye cheers
question questions answer answers comment comments chat livestream stream youtube twitter mastodon
yesterday tomorrow tonight morning evening afternoon monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
lot lots bunch couple piece pieces bits stuff thing things way ways kind kinds sort sorts type types
cool nice neat awesome great amazing fantastic excellent wonderful interesting fun funny crazy wild weird
yeah yep yup nope okay ok alright right sure exactly absolutely totally definitely certainly indeed
um uh uhm hmm huh oh ah eh mm mhm mm-hm mm-hmm uh-huh uh-oh god gosh geez jeez
whoa wow ooh oops uhh ahh aww yay nah dang darn woo woo-hoo yikes ugh meh phew heh haha lol omg
gonna wanna gotta kinda sorta dunno cetera etc
really actually basically literally seriously honestly probably maybe perhaps pretty quite very super
person people guy guys man woman everyone someone anyone nobody
link links note notes article articles post posts blog site page website tweet tweets video videos
item items topic topics news headline headlines
dash hyphen underscore slash backslash
";
