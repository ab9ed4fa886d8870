package dev.portcullis.demo;

/** One short scene of the demo: what it shows, and how to play and judge it. */
interface Scene {
    /** A title of a few words. */
    String title();

    /** One or two plain sentences: what the scene shows and which rule it rests on. */
    String explanation();

    /** Plays the scene on the lab and judges the outcome from the hosts' JSON and logs. */
    SceneResult play(DemoLab lab) throws Exception;
}
