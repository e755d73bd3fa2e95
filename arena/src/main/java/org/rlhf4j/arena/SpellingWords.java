package org.rlhf4j.arena;

import java.util.List;

/** The fixed word list of the spelling families (4 to 8 letters, no palindromes). */
final class SpellingWords {

    static final List<String> WORDS = List.of(
            "river", "garden", "planet", "window", "candle", "forest", "butter", "yellow", "pencil", "castle",
            "rabbit", "orange", "silver", "winter", "summer", "bridge", "flower", "market", "doctor", "monkey",
            "pocket", "ticket", "basket", "rocket", "button", "dragon", "island", "jacket", "kitten", "ladder",
            "magnet", "napkin", "parrot", "pillow", "puzzle", "saddle", "spider", "tomato", "turtle", "violin",
            "wallet", "stone", "cloud", "bread", "chair", "table", "light", "water", "music", "horse",
            "apple", "grape", "lemon", "tiger", "zebra", "house", "mouse", "train", "plant", "beach",
            "storm", "smile", "dream", "heart", "ocean", "sugar", "paper", "glass", "clock", "shirt",
            "book", "lamp", "tree", "bird", "fish", "frog", "moon", "star", "rain", "snow",
            "wind", "fire", "milk", "salt", "ship", "road", "door", "wolf", "bear", "duck",
            "blanket", "kitchen", "library", "morning", "picture", "teacher", "weather", "chicken", "dolphin",
            "penguin");

    private SpellingWords() {}
}
