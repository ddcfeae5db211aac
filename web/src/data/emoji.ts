/** One pickable emoji: the character(s) to insert and a short lowercase name for search and labels. */
export interface Emoji {
  char: string
  name: string
}

/** A tab of the emoji picker. `icon` is the emoji shown on the tab itself. */
export interface EmojiCategory {
  id: string
  label: string
  icon: string
  emojis: Emoji[]
}

// Kept to single code points (plus VS16) from Emoji 13 or older: no skin tones, no ZWJ sequences
// and no flags, which older systems draw as several glyphs or as letters.
// Written as "char name" entries separated by commas so the list stays readable at a glance.
function list(entries: string): Emoji[] {
  return entries
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const space = entry.indexOf(' ')
      return { char: entry.slice(0, space), name: entry.slice(space + 1).trim() }
    })
}

const smileys = list(`
  😀 grinning face, 😃 grinning face with big eyes, 😄 grinning face with smiling eyes,
  😁 beaming face, 😆 laughing, 😅 grinning face with sweat, 🤣 rolling on the floor laughing,
  😂 tears of joy, 🙂 slightly smiling face, 🙃 upside-down face, 😉 winking face,
  😊 smiling face with smiling eyes, 😇 halo, 🥰 smiling face with hearts, 😍 heart eyes,
  🤩 star-struck, 😘 blowing a kiss, 😋 yum, 😛 face with tongue,
  😜 winking face with tongue, 🤪 zany face, 😝 squinting face with tongue, 🤑 money-mouth face,
  🤗 hugging face, 🤭 hand over mouth, 🤫 shushing face, 🤔 thinking face, 🤐 zipper-mouth face,
  🤨 raised eyebrow, 😐 neutral face, 😑 expressionless face, 😶 face without mouth,
  😏 smirking face, 😒 unamused face, 🙄 rolling eyes, 😬 grimacing face, 😌 relieved face,
  😔 pensive face, 😪 sleepy face, 🤤 drooling face, 😴 sleeping face, 😷 face with mask,
  🤒 face with thermometer, 🤕 face with bandage, 🤢 nauseated face, 🤮 vomiting face,
  🤧 sneezing face, 🥵 hot face, 🥶 cold face, 🥴 woozy face, 😵 dizzy face, 🤯 exploding head,
  🤠 cowboy, 🥳 partying face, 😎 sunglasses, 🤓 nerd face, 🧐 face with monocle,
  😕 confused face, 😟 worried face, 🙁 slightly frowning face, 😮 face with open mouth,
  😲 astonished face, 😳 flushed face, 🥺 pleading face, 😨 fearful face, 😰 anxious face,
  😢 crying face, 😭 loudly crying face, 😱 screaming face, 😞 disappointed face, 😩 weary face,
  🥱 yawning face, 😤 huffing face, 😠 angry face, 😡 pouting face, 😈 smiling face with horns,
  💀 skull, 💩 pile of poo, 🤡 clown, 👻 ghost
`)

const people = list(`
  👋 waving hand, 🤚 raised back of hand, 🖐️ hand with fingers splayed, ✋ raised hand,
  🖖 vulcan salute, 👌 ok hand, 🤏 pinching hand, ✌️ victory hand, 🤞 crossed fingers,
  🤟 love-you gesture, 🤘 sign of the horns, 🤙 call me hand, 👈 pointing left,
  👉 pointing right, 👆 pointing up, 👇 pointing down, ☝️ index pointing up, 👍 thumbs up,
  👎 thumbs down, ✊ raised fist, 👊 fist bump, 🤛 left-facing fist, 🤜 right-facing fist,
  👏 clapping hands, 🙌 raising hands, 👐 open hands, 🤲 palms up, 🤝 handshake,
  🙏 folded hands, ✍️ writing hand, 💅 nail polish, 🤳 selfie, 💪 flexed biceps, 👂 ear,
  👃 nose, 🧠 brain, 👀 eyes, 👅 tongue, 👄 mouth, 👶 baby, 🧒 child, 👦 boy, 👧 girl,
  🧑 person, 👱 blond person, 👨 man, 👩 woman, 🧔 bearded person, 👴 old man, 👵 old woman,
  🙋 raising hand, 🙇 bowing, 🤦 facepalm, 🤷 shrug, 👮 police officer, 🕵️ detective,
  👷 construction worker, 🤴 prince, 👸 princess, 🎅 santa claus, 🧙 mage, 🧚 fairy,
  🧛 vampire, 🧜 merperson, 🧞 genie, 🧟 zombie, 🦸 superhero, 💃 dancer, 🕺 man dancing,
  👯 bunny ears party, 🚶 walking, 🏃 running, 👪 family
`)

const nature = list(`
  🐶 dog, 🐱 cat, 🐭 mouse, 🐹 hamster, 🐰 rabbit, 🦊 fox, 🐻 bear, 🐼 panda, 🐨 koala,
  🐯 tiger, 🦁 lion, 🐮 cow, 🐷 pig, 🐸 frog, 🐵 monkey, 🙈 see-no-evil monkey, 🐔 chicken,
  🐧 penguin, 🐦 bird, 🐤 baby chick, 🦆 duck, 🦅 eagle, 🦉 owl, 🦇 bat, 🐺 wolf, 🐴 horse,
  🦄 unicorn, 🐝 honeybee, 🐛 caterpillar, 🦋 butterfly, 🐌 snail, 🐞 ladybug, 🐢 turtle,
  🐍 snake, 🦎 lizard, 🐙 octopus, 🦀 crab, 🐠 tropical fish, 🐬 dolphin, 🐳 whale,
  🦈 shark, 🐘 elephant, 🦒 giraffe, 🦔 hedgehog, 🦥 sloth, 🦩 flamingo, 🐾 paw prints,
  🌵 cactus, 🌲 evergreen tree, 🌳 tree, 🌴 palm tree, 🌱 seedling, 🌿 herb,
  🍀 four leaf clover, 🍁 maple leaf, 🍂 fallen leaf, 🍄 mushroom, 🌷 tulip, 🌹 rose,
  🌻 sunflower, 🌸 cherry blossom, 💐 bouquet, 🌞 sun with face, 🌙 crescent moon, ⭐ star,
  🌈 rainbow, ☀️ sun, ⛅ sun behind cloud, ☁️ cloud, 🌧️ rain, ⛈️ thunderstorm, ❄️ snowflake,
  ⛄ snowman, 🔥 fire, 💧 droplet, 🌊 wave
`)

const food = list(`
  🍏 green apple, 🍎 red apple, 🍐 pear, 🍊 tangerine, 🍋 lemon, 🍌 banana, 🍉 watermelon,
  🍇 grapes, 🍓 strawberry, 🍒 cherries, 🍑 peach, 🥭 mango, 🍍 pineapple, 🥥 coconut,
  🥝 kiwi, 🍅 tomato, 🍆 eggplant, 🥑 avocado, 🥦 broccoli, 🥒 cucumber, 🌶️ hot pepper,
  🌽 corn, 🥕 carrot, 🧄 garlic, 🥔 potato, 🥐 croissant, 🥯 bagel, 🍞 bread, 🥨 pretzel,
  🧀 cheese, 🥚 egg, 🍳 cooking, 🥞 pancakes, 🧇 waffle, 🥓 bacon, 🍗 poultry leg, 🌭 hot dog,
  🍔 hamburger, 🍟 french fries, 🍕 pizza, 🥪 sandwich, 🌮 taco, 🌯 burrito, 🥗 salad,
  🍝 spaghetti, 🍜 noodles, 🍲 stew, 🍛 curry rice, 🍣 sushi, 🍱 bento box, 🥟 dumpling,
  🍤 fried shrimp, 🍙 rice ball, 🍦 ice cream, 🍩 doughnut, 🍪 cookie, 🎂 birthday cake,
  🍰 shortcake, 🧁 cupcake, 🥧 pie, 🍫 chocolate bar, 🍬 candy, 🍭 lollipop, 🍯 honey,
  🍿 popcorn, ☕ coffee, 🍵 tea, 🧃 juice box, 🥤 cup with straw, 🍺 beer, 🍻 cheers,
  🥂 clinking glasses, 🍷 wine, 🍸 cocktail, 🍹 tropical drink, 🍽️ plate with cutlery
`)

const activities = list(`
  ⚽ soccer ball, 🏀 basketball, 🏈 american football, ⚾ baseball, 🎾 tennis,
  🏐 volleyball, 🏉 rugby, 🎱 pool 8 ball, 🏓 ping pong, 🏸 badminton, ⛳ golf,
  🏹 bow and arrow, 🎣 fishing, 🥊 boxing glove, 🛹 skateboard, ⛸️ ice skate, 🎿 skis,
  🏂 snowboarder, 🏄 surfing, 🏊 swimming, 🚴 cycling, 🏆 trophy, 🥇 gold medal,
  🏅 sports medal, 🎫 ticket, 🎭 performing arts, 🎨 art palette, 🎬 clapper board,
  🎤 microphone, 🎧 headphones, 🎹 piano, 🥁 drum, 🎷 saxophone, 🎺 trumpet, 🎸 guitar,
  🎻 violin, 🎲 game die, 🎯 bullseye, 🎳 bowling, 🎮 video game, 🧩 puzzle piece,
  🎉 party popper, 🎈 balloon, 🎁 gift, 🎄 christmas tree, 🎃 jack-o-lantern, 🎆 fireworks,
  ✨ sparkles, 🚗 car, 🚕 taxi, 🚌 bus, 🚑 ambulance, 🚒 fire engine, 🚲 bicycle,
  🛴 kick scooter, 🏍️ motorcycle, 🚂 locomotive, ✈️ airplane, 🚀 rocket, 🛸 flying saucer,
  🚁 helicopter, ⛵ sailboat, 🚢 ship, ⚓ anchor, 🗺️ world map, 🌍 globe, 🗽 statue of liberty,
  🏰 castle, 🎡 ferris wheel, 🎢 roller coaster, 🏖️ beach, 🏝️ desert island, ⛰️ mountain,
  🏕️ camping, 🌋 volcano, 🏠 house
`)

const objects = list(`
  💡 light bulb, 🔦 flashlight, 📱 mobile phone, 💻 laptop, ⌨️ keyboard, 🖥️ desktop computer,
  🖱️ computer mouse, 💾 floppy disk, 📷 camera, 🎥 movie camera, 📺 television, 📻 radio,
  ⏰ alarm clock, ⏳ hourglass, 🔋 battery, 🔌 plug, 💰 money bag, 💳 credit card,
  💎 gem stone, 🔧 wrench, 🔨 hammer, ⚙️ gear, 🔑 key, 🔒 locked, 🔓 unlocked, 🧲 magnet,
  🧪 test tube, 🔭 telescope, 🔬 microscope, 💊 pill, 🧸 teddy bear, 📦 package,
  ✉️ envelope, 📝 memo, 📌 pushpin, 📎 paperclip, ✂️ scissors, 📅 calendar,
  📈 chart increasing, 📉 chart decreasing, 📚 books, ✏️ pencil, 🔔 bell, 📣 megaphone,
  🏷️ label, ❤️ red heart, 🧡 orange heart, 💛 yellow heart, 💚 green heart, 💙 blue heart,
  💜 purple heart, 🖤 black heart, 🤍 white heart, 💔 broken heart, 💕 two hearts,
  💯 hundred points, 💬 speech balloon, 💭 thought balloon, 💤 zzz, ✅ check mark button,
  ❌ cross mark, ❓ question mark, ❗ exclamation mark, ⚠️ warning, 🚫 prohibited,
  ♻️ recycling, ➕ plus, ➖ minus, ✔️ check mark, 🔴 red circle, 🟢 green circle,
  🔵 blue circle, 🆗 ok button, 🆕 new button
`)

/** The picker's six tabs, in display order. */
export const EMOJI_CATEGORIES: EmojiCategory[] = [
  { id: 'smileys', label: 'Smileys', icon: '😀', emojis: smileys },
  { id: 'people', label: 'People & gestures', icon: '👋', emojis: people },
  { id: 'nature', label: 'Animals & nature', icon: '🐶', emojis: nature },
  { id: 'food', label: 'Food & drink', icon: '🍕', emojis: food },
  { id: 'activities', label: 'Activities & travel', icon: '⚽', emojis: activities },
  { id: 'objects', label: 'Objects & symbols', icon: '💡', emojis: objects },
]

const NAMES = new Map(EMOJI_CATEGORIES.flatMap((c) => c.emojis.map((e) => [e.char, e.name])))

/** An emoji's name for labels ("thumbs up"); one the picker does not list is itself. */
export function emojiName(char: string): string {
  return NAMES.get(char) ?? char
}
